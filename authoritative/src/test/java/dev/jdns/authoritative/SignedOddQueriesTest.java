package dev.jdns.authoritative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.DnsServer;
import dev.jdns.transport.ServerOptions;
import dev.jdns.transport.testing.LoopbackClient;
import dev.jdns.transport.testing.LoopbackServers;
import dev.jdns.transport.testing.TestQueries;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * DO queries that are odd, or zones whose DNSSEC data is broken, over real sockets: every one gets a reply with
 * the rcode the data calls for, never SERVFAIL from a failed proof. The zones carry placeholder signatures
 * (nothing here validates) and denial chains that miss the records a proof wants.
 */
class SignedOddQueriesTest {

    private static final String SIG = " 13 2 3600 20300101000000 20200101000000 12345 %s AAAA";

    /** NSEC3PARAM names a chain whose only NSEC3 matches no name of the zone (the apex's is missing). */
    private static final String BROKEN_NSEC3 = ZoneTexts.SOA + """
            @        RRSIG SOA%1$s
            @        NS    ns1.example.net.
            @        NSEC3PARAM 1 0 0 -
            www      A     192.0.2.80
            www      RRSIG A%1$s
            *.wild   A     192.0.2.81
            *.wild   RRSIG A%1$s
            00000000000000000000000000000000 NSEC3 1 0 0 - 11111111111111111111111111111111 A
            """.formatted(SIG.formatted("nsec3.odd."));

    /** An NSEC chain of the apex alone, pointing at a name that does not exist. */
    private static final String SHORT_NSEC = ZoneTexts.SOA + """
            @        RRSIG SOA%1$s
            @        NS    ns1.example.net.
            @        NSEC  zzz.nsec.odd. NS SOA RRSIG NSEC
            www      A     192.0.2.80
            *.wild   A     192.0.2.81
            sub      NS    ns.example.net.
            """.formatted(SIG.formatted("nsec.odd."));

    @TempDir
    Path dir;

    @Test
    void brokenChainsAndOddQuestionsStillGetTheirAnswers() throws Exception {
        ZoneCatalog catalog = ZoneCatalog.of(List.of(ZoneTexts.load(dir, "nsec3.zone", "$ORIGIN nsec3.odd.\n"
                + BROKEN_NSEC3), ZoneTexts.load(dir, "nsec.zone", "$ORIGIN nsec.odd.\n" + SHORT_NSEC)));
        AuthoritativeHandler handler = AuthoritativeHandler.serving(() -> catalog).build();
        DnsServer server = LoopbackServers.start(handler, ServerOptions.defaults(), "127.0.0.1");
        try {
            InetSocketAddress address = LoopbackServers.address(server);
            for (String zone : List.of("nsec3.odd", "nsec.odd")) {
                expect(address, "nothing." + zone, Type.A, Rcode.NXDOMAIN);
                expect(address, "a.b.c.nothing." + zone, Type.A, Rcode.NXDOMAIN);
                expect(address, "www." + zone, Type.MX, Rcode.NOERROR);
                expect(address, "x.wild." + zone, Type.A, Rcode.NOERROR);
                expect(address, "x.wild." + zone, Type.TXT, Rcode.NOERROR);
                expect(address, "*.wild." + zone, Type.RRSIG, Rcode.NOERROR);
                expect(address, zone, Type.NSEC3, Rcode.NOERROR);
                expect(address, zone, Type.DS, Rcode.NOERROR);
                expect(address, zone, Type.ANY, Rcode.NOERROR);
                expect(address, "0000000000000000000000000000000." + zone, Type.NSEC3, Rcode.NXDOMAIN);
                expect(address, longName(zone), Type.A, Rcode.NXDOMAIN);
            }
            expect(address, "host.sub.nsec.odd", Type.A, Rcode.NOERROR);
            expect(address, "sub.nsec.odd", Type.DS, Rcode.NOERROR);
        } finally {
            server.close();
        }
    }

    /** Asked with DO over UDP (a 512 payload, so proofs may not fit) and over TCP. */
    private static void expect(InetSocketAddress address, String name, int type, int rcode) {
        Message query = TestQueries.withOpt(TestQueries.query(name, type), 512, 0, true);
        for (Message reply : List.of(LoopbackClient.udp(address, query).orElseThrow(),
                LoopbackClient.tcp(address, query).orElseThrow())) {
            String what = name + " " + Type.string(type) + ": " + reply;
            assertNotEquals(Rcode.SERVFAIL, reply.getRcode(), what);
            assertEquals(rcode, reply.getRcode(), what);
            assertTrue(reply.getHeader().getFlag(Flags.QR), what);
            assertTrue(reply.getSection(Section.ADDITIONAL).stream().anyMatch(r -> r.getType() == Type.OPT), what);
        }
    }

    /** A name of 250 octets below the zone: hashing and walking it must not fail. */
    private static String longName(String zone) {
        StringBuilder name = new StringBuilder();
        while (name.length() + zone.length() < 230) {
            name.append("abcdefghi.");
        }
        return name + zone;
    }
}
