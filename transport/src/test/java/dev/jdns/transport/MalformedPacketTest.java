package dev.jdns.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.testing.LoopbackClient;
import dev.jdns.transport.testing.LoopbackServers;
import dev.jdns.transport.testing.TcpSession;
import dev.jdns.transport.testing.TestQueries;
import dev.jdns.transport.testing.UdpSession;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Garbage on the wire gets FORMERR or silence, never a crash: after a burst of bad packets the server
 * still answers a good query, over UDP and over the same TCP connection.
 */
class MalformedPacketTest {

    private static final int RANDOM_PACKETS = 200;
    private static final long SEED = 20240607L;
    private static DnsServer server;
    private static InetSocketAddress address;

    @BeforeAll
    static void start() {
        server = LoopbackServers.start(Handlers.answersWithARecords(1));
        address = LoopbackServers.address(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void udpBadPacketsGetFormErrOrSilenceAndAGoodQueryIsStillAnswered() {
        List<byte[]> bad = badPackets();
        Message good = TestQueries.query("still.alive.example", Type.A);
        try (UdpSession session = UdpSession.open(address)) {
            bad.forEach(session::send);
            session.send(good.toWire());
            assertReplies(bad, good, () -> session.receive(LoopbackClient.DEFAULT_TIMEOUT));
        }
    }

    @Test
    void tcpBadMessagesGetFormErrOrSilenceAndTheConnectionStillAnswers() {
        List<byte[]> bad = badPackets();
        Message good = TestQueries.query("still.alive.example", Type.A);
        try (TcpSession session = TcpSession.open(address)) {
            bad.forEach(session::sendRaw);
            session.send(good);
            assertReplies(bad, good, () -> session.receiveRaw(LoopbackClient.DEFAULT_TIMEOUT));
        }
    }

    /** Reads replies until the good one plus one FORMERR per answerable bad packet arrived (or time ran out). */
    private static void assertReplies(List<byte[]> bad, Message good, Supplier<Optional<byte[]>> receive) {
        long answerable = bad.stream().filter(MalformedPacketTest::answerable).count();
        List<Message> replies = new ArrayList<>();
        for (int i = 0; i <= answerable; i++) {
            Optional<byte[]> reply = receive.get();
            if (reply.isEmpty()) {
                break;
            }
            replies.add(LoopbackClient.parse(reply.get()));
        }
        List<Message> goodReplies = replies.stream()
                .filter(reply -> good.getQuestion().equals(reply.getQuestion())).toList();
        assertEquals(1, goodReplies.size(), "the good query is answered");
        assertEquals(Rcode.NOERROR, goodReplies.getFirst().getRcode());
        assertEquals(1, goodReplies.getFirst().getSection(Section.ANSWER).size());
        List<Message> formErrs = replies.stream().filter(reply -> reply.getRcode() == Rcode.FORMERR).toList();
        assertEquals(answerable, formErrs.size(), "one FORMERR per packet that had a whole query header");
        assertEquals(replies.size(), formErrs.size() + 1, "nothing else was sent");
        assertTrue(formErrs.stream().allMatch(reply -> reply.getHeader().getFlag(Flags.QR)));
    }

    /** A whole header without QR: the server must answer FORMERR (none of these is a valid query). */
    private static boolean answerable(byte[] packet) {
        return packet.length >= 12 && (packet[2] & 0x80) == 0;
    }

    private static List<byte[]> badPackets() {
        List<byte[]> packets = new ArrayList<>();
        Random random = new Random(SEED);
        for (int i = 0; i < RANDOM_PACKETS; i++) {
            byte[] packet = new byte[random.nextInt(100)];
            random.nextBytes(packet);
            packets.add(packet);
        }
        packets.add(new byte[] {1, 2, 1, 0, 0});                                               // truncated header
        packets.add(new Message(3).toWire());                                                  // QDCOUNT 0
        packets.add(twoQuestions());                                                           // QDCOUNT 2
        packets.add(new byte[] {0, 4, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0xC0, 12, 0, 1, 0, 1}); // pointer loop
        packets.add(response());                                                               // QR=1
        return packets;
    }

    private static byte[] twoQuestions() {
        Message query = TestQueries.query("one.example", Type.A);
        query.addRecord(TestQueries.query("two.example", Type.A).getQuestion(), Section.QUESTION);
        return query.toWire();
    }

    private static byte[] response() {
        Message response = Handlers.withARecords(TestQueries.query("loop.example", Type.A), 1);
        return response.toWire();
    }
}
