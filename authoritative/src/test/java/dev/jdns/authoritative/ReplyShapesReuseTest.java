package dev.jdns.authoritative;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdns.transport.DnsServer;
import dev.jdns.transport.Query;
import dev.jdns.transport.QueryHandler;
import dev.jdns.transport.ReplyReuse;
import dev.jdns.transport.Response;
import dev.jdns.transport.testing.LoopbackClient;
import dev.jdns.transport.testing.LoopbackServers;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;

/**
 * Every reply shape a zone gives is built once per zone version and question and then sent again with only the ID
 * and the question's case patched, over real sockets: multi-record RRsets (records in zone order, as NSD sends
 * them), CNAME chains, wildcard expansions, referrals with several name servers and glue, NXDOMAIN and NODATA.
 * A DNAME answer is the exception: its synthesised name carries the asker's case, so it is built every time.
 */
class ReplyShapesReuseTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String ZONE = ZoneTexts.SOA + """
            @          NS    ns1.example.net.
            www        A     192.0.2.80
            pool       A     192.0.2.3
            pool       A     192.0.2.1
            pool       A     192.0.2.2
            mail       MX    10 mx1.example.com.
            mail       MX    20 mx2.example.com.
            mx1        A     192.0.2.25
            mx2        A     192.0.2.26
            alias      CNAME alias2.example.com.
            alias2     CNAME pool.example.com.
            *.wild     A     192.0.2.81
            *.wild     A     192.0.2.82
            sub        NS    ns1.sub.example.com.
            sub        NS    ns2.sub.example.com.
            ns1.sub    A     192.0.2.53
            ns2.sub    A     192.0.2.54
            old        DNAME example.net.
            """;

    @TempDir
    Path dir;

    @Test
    void eachShapeIsBuiltOnceAndSentAgainPatched() throws Exception {
        ZoneCatalog catalog = ZoneCatalog.of(List.of(ZoneTexts.load(dir, "example.com.zone", ZONE)));
        CountingHandler handler = new CountingHandler(AuthoritativeHandler.serving(() -> catalog).build());
        List<String[]> shapes = List.of(new String[] {"pool.example.com.", "A"},
                new String[] {"mail.example.com.", "MX"}, new String[] {"alias.example.com.", "A"},
                new String[] {"Any.wild.example.com.", "A"}, new String[] {"a.sub.example.com.", "A"},
                new String[] {"nx.example.com.", "A"}, new String[] {"www.example.com.", "AAAA"});
        try (DnsServer server = LoopbackServers.start(handler)) {
            InetSocketAddress address = LoopbackServers.address(server);
            for (String[] shape : shapes) {
                int before = handler.calls.get();
                byte[] first = ask(address, shape[0], shape[1], 1);
                byte[] again = ask(address, shape[0].toUpperCase(), shape[1], 2);
                byte[] third = ask(address, shape[0], shape[1], 3);
                assertEquals(1, handler.calls.get() - before, "built once: " + shape[0] + " " + shape[1]);
                assertEquals(2, again[1], "the ID is the query's");
                assertEquals(shape[0].toUpperCase(), new Message(again).getQuestion().getName().toString(),
                        "the question as asked");
                assertArrayEquals(Arrays.copyOfRange(first, 2, first.length),
                        Arrays.copyOfRange(third, 2, third.length), shape[0] + " " + shape[1]);
            }
            Message pool = new Message(ask(address, "pool.example.com.", "A", 4));
            assertEquals(List.of("192.0.2.3", "192.0.2.1", "192.0.2.2"),
                    pool.getSection(Section.ANSWER).stream().map(r -> r.rdataToString()).toList(), "zone order");
        }
    }

    @Test
    void aDnameAnswerIsBuiltForEachAskerWithItsCase() throws Exception {
        ZoneCatalog catalog = ZoneCatalog.of(List.of(ZoneTexts.load(dir, "example.com.zone", ZONE)));
        CountingHandler handler = new CountingHandler(AuthoritativeHandler.serving(() -> catalog).build());
        try (DnsServer server = LoopbackServers.start(handler)) {
            InetSocketAddress address = LoopbackServers.address(server);
            ask(address, "x.old.example.com.", "A", 1);
            Message upper = new Message(ask(address, "X.old.example.com.", "A", 2));
            assertEquals(2, handler.calls.get());
            assertEquals("X.example.net.", upper.getSection(Section.ANSWER).get(1).rdataToString());
        }
    }

    private static byte[] ask(InetSocketAddress server, String name, String type, int id) throws Exception {
        Message query = AnswerTable.query(name, type);
        query.getHeader().setID(id);
        return LoopbackClient.udpRaw(server, query.toWire(), TIMEOUT).orElseThrow();
    }

    /** The real handler, counting the queries that reach it (a kept reply never does). */
    private static final class CountingHandler implements QueryHandler {
        private final AuthoritativeHandler delegate;
        private final AtomicInteger calls = new AtomicInteger();

        CountingHandler(AuthoritativeHandler delegate) {
            this.delegate = delegate;
        }

        @Override
        public Response handle(Query query) {
            calls.incrementAndGet();
            return delegate.handle(query);
        }

        @Override
        public ReplyReuse replyReuse() {
            return delegate.replyReuse();
        }
    }
}
