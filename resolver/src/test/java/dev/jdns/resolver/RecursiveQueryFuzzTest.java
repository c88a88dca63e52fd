package dev.jdns.resolver;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jdns.resolver.core.UpstreamSockets;
import dev.jdns.transport.FrontEndFuzzing;
import dev.jdns.transport.QueryProcessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Arbitrary bytes as a query to {@code jdns resolver}, without any network: the front end ({@link FrontEndFuzzing}'s
 * invariants) with the recursive handler behind it, answering from the lab's hosts file (and the front end's
 * packet cache of those answers), and for every other name trying the root servers, none of which it may query
 * (an empty upstream map), so a miss ends in SERVFAIL without a packet. The handler turns any exception into
 * SERVFAIL and logs it as an error; such an error fails the test too.
 *
 * <p>Seeds: {@code src/test/resources/dev/jdns/resolver/RecursiveQueryFuzzTestInputs/queries/}; fuzzing: see
 * fuzz/README.md.
 */
class RecursiveQueryFuzzTest {

    private static final Logger HANDLER_LOG = Logger.getLogger(RecursiveHandler.class.getName());
    private static final List<String> ERRORS = Collections.synchronizedList(new ArrayList<>());
    private static final Handler ERROR_COLLECTOR = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                ERRORS.add(record.getMessage() + ": " + record.getThrown());
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    private static Path dir;
    private static QueryProcessor processor;

    @BeforeAll
    static void startResolver() throws IOException {
        dir = Files.createTempDirectory("jdns-resolver-fuzz");
        Path hosts = dir.resolve("hosts");
        Files.writeString(hosts, """
                192.0.2.10   www.lab.test web.lab.test
                2001:db8::10 www.lab.test
                127.0.0.1    localhost
                """);
        Resolver resolver = new ResolverBuilder()
                .hostsFile(hosts)
                .upstreamSockets(UpstreamSockets.mapped(Map.of()))
                .build();
        processor = new QueryProcessor(new RecursiveHandler(resolver));
        HANDLER_LOG.addHandler(ERROR_COLLECTOR);
    }

    @AfterAll
    static void stopResolver() throws IOException {
        HANDLER_LOG.removeHandler(ERROR_COLLECTOR);
        Files.deleteIfExists(dir.resolve("hosts"));
        Files.deleteIfExists(dir);
    }

    @FuzzTest
    void queries(byte[] request) {
        ERRORS.clear();
        FrontEndFuzzing.checkUdp(processor, request);
        FrontEndFuzzing.checkUdp(processor, FrontEndFuzzing.withOtherId(request));
        FrontEndFuzzing.checkTcp(processor, request);
        assertTrue(ERRORS.isEmpty(), "the resolver failed with an exception: " + ERRORS);
    }
}
