package dev.jdns.authoritative;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jdns.transport.Cidr;
import dev.jdns.transport.FrontEndFuzzing;
import dev.jdns.transport.QueryProcessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Arbitrary bytes as a query to {@code jdns serve}: the front end ({@link FrontEndFuzzing}'s invariants: never
 * throws, a reply with QR=1 and the request's ID or none, FORMERR for what does not parse, nothing for a response)
 * with the authoritative handler behind it, its packet cache, CHAOS identity and zone transfers over TCP, answering
 * from a zone with every kind of answer (wildcard, CNAME, DNAME, delegation with glue).
 *
 * <p>Seeds: {@code src/test/resources/dev/jdns/authoritative/AuthoritativeQueryFuzzTestInputs/queries/}; fuzzing:
 * see fuzz/README.md.
 */
class AuthoritativeQueryFuzzTest {

    private static final String ZONE = ZoneTexts.SOA + """
            @          NS    ns1.example.net.
            @          MX    10 mx.example.com.
            www        A     192.0.2.80
            www        AAAA  2001:db8::80
            mx         A     192.0.2.25
            *.wild     A     192.0.2.81
            *.wild     TXT   "wildcard"
            alias      CNAME www.example.com.
            out        CNAME www.example.net.
            old        DNAME example.net.
            sub        NS    ns.sub.example.com.
            sub        NS    ns.elsewhere.example.
            ns.sub     A     192.0.2.53
            """;

    private static Path dir;
    private static QueryProcessor processor;

    @BeforeAll
    static void loadZone() throws IOException, ZoneLoadException {
        dir = Files.createTempDirectory("jdns-auth-fuzz");
        ZoneCatalog catalog = ZoneCatalog.of(List.of(ZoneTexts.load(dir, "example.com.zone", ZONE)));
        ChaosIdentity chaos = new ChaosIdentity(Optional.of("jdns-fuzz"), Optional.of("fuzz.host"));
        processor = new QueryProcessor(AuthoritativeHandler.serving(() -> catalog).chaos(chaos)
                .allowTransfer(Cidr.LOOPBACK).build());
    }

    @AfterAll
    static void deleteZone() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @FuzzTest
    void queries(byte[] request) {
        FrontEndFuzzing.checkUdp(processor, request);
        FrontEndFuzzing.checkUdp(processor, FrontEndFuzzing.withOtherId(request));
        FrontEndFuzzing.checkTcp(processor, request);
    }
}
