package dev.jdns.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.testing.LoopbackClient;
import dev.jdns.transport.testing.LoopbackServers;
import dev.jdns.transport.testing.TestQueries;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Reply sizes over real sockets: 512 without EDNS, at most 1232 with it, TC, and the retry over TCP. */
class EdnsSizingTest {

    private static final int LARGE_RRSET = 60;      // about 1 KB: more than 512, less than 1232
    private static final int MANY_RRSETS = 120;     // about 2.5 KB: more than 1232
    private static DnsServer server;
    private static InetSocketAddress address;

    @BeforeAll
    static void start() {
        // "big." gets one RRset of 60 A records; anything else gets 120 one-record RRsets.
        QueryHandler handler = query -> query.question().getName().equals(TestQueries.name("big"))
                ? Handlers.answersWithARecords(LARGE_RRSET).handle(query)
                : Handlers.answersWithRRsets(MANY_RRSETS).handle(query);
        server = LoopbackServers.start(handler);
        address = LoopbackServers.address(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void withoutEdnsALargeRRsetIsTruncatedAt512AndComesWholeOverTcp() {
        Message query = TestQueries.query("big", Type.A);
        byte[] udp = LoopbackClient.udpRaw(address, query.toWire(), LoopbackClient.DEFAULT_TIMEOUT).orElseThrow();
        Message truncated = LoopbackClient.parse(udp);
        assertTrue(udp.length <= 512);
        assertTrue(truncated.getHeader().getFlag(Flags.TC));
        assertTrue(truncated.getSection(Section.ANSWER).isEmpty(), "dnsjava drops the RRset whole, never half");

        Message full = LoopbackClient.tcp(address, query).orElseThrow();
        assertFalse(full.getHeader().getFlag(Flags.TC));
        assertEquals(LARGE_RRSET, full.getSection(Section.ANSWER).size());
    }

    @Test
    void withEdns1232TheLargeRRsetFitsInOneDatagram() {
        Message reply = LoopbackClient.udp(address, TestQueries.ednsQuery("big", Type.A, 1232)).orElseThrow();
        assertFalse(reply.getHeader().getFlag(Flags.TC));
        assertEquals(LARGE_RRSET, reply.getSection(Section.ANSWER).size());
    }

    @Test
    void edns4096IsCappedAt1232AndTheTcpRetryGetsEverything() {
        Message query = TestQueries.ednsQuery("many", Type.A, 4096);
        byte[] udp = LoopbackClient.udpRaw(address, query.toWire(), LoopbackClient.DEFAULT_TIMEOUT).orElseThrow();
        Message truncated = LoopbackClient.parse(udp);
        assertTrue(udp.length <= Edns.OUR_UDP_PAYLOAD, udp.length + " octets");
        assertTrue(udp.length > 1100, "the 1232 octets are used: " + udp.length);
        assertTrue(truncated.getHeader().getFlag(Flags.TC));

        Message full = LoopbackClient.tcp(address, query).orElseThrow();
        assertFalse(full.getHeader().getFlag(Flags.TC));
        assertEquals(MANY_RRSETS, full.getSection(Section.ANSWER).size());
        assertEquals(Edns.OUR_UDP_PAYLOAD, full.getOPT().getPayloadSize());
    }
}
