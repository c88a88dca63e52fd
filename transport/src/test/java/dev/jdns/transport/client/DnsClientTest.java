package dev.jdns.transport.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.Protocol;
import dev.jdns.transport.Replies;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class DnsClientTest {

    private static final Name NAME = Name.fromConstantString("www.example.");
    private static final Record QUESTION = Record.newRecord(NAME, Type.A, DClass.IN);
    private static final Duration PATIENT = Duration.ofSeconds(3);
    private static final Duration IMPATIENT = Duration.ofMillis(300);

    private ScriptedServer server;

    @AfterEach
    void stopServer() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void forgedAndBrokenDatagramsAreDiscardedUntilTheRealReplyArrives() throws Exception {
        server = new ScriptedServer((query, raw, client, socket) -> {
            Message wrongId = answer(query, "192.0.2.66");
            wrongId.getHeader().setID(query.getHeader().getID() ^ 0x5a5a);
            ScriptedServer.sendUdp(socket, client, wrongId);
            ScriptedServer.sendUdp(socket, client, answerTo(query.getHeader().getID(),
                    Record.newRecord(Name.fromConstantString("evil.example."), Type.A, DClass.IN)));
            ScriptedServer.sendUdp(socket, client, answerTo(query.getHeader().getID(),
                    Record.newRecord(NAME, Type.AAAA, DClass.IN)));
            try (DatagramSocket otherPort = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                ScriptedServer.sendUdp(otherPort, client, answer(query, "192.0.2.67"));
            }
            ScriptedServer.sendUdp(socket, client, new byte[] {1, 2, 3});
            ScriptedServer.sendUdp(socket, client, garbageWithId(query, 60_000));
            ScriptedServer.sendUdp(socket, client, raw); // QR=0: our own query reflected
            ScriptedServer.sendUdp(socket, client, answer(query, "192.0.2.1"));
        }, (query, out) -> {});

        DnsReply reply = new DnsClient(PATIENT).query(server.address(), QUESTION);

        assertEquals(Protocol.UDP, reply.transport());
        assertEquals(List.of("192.0.2.1"), addresses(reply.message()));
        assertEquals(server.address(), reply.server());
        assertFalse(reply.rtt().isNegative());
    }

    @Test
    void iterativeQueriesHaveRdClearAndAdvertiseEdns1232() throws Exception {
        server = new ScriptedServer((query, raw, client, socket) ->
                ScriptedServer.sendUdp(socket, client, answer(query, "192.0.2.1")), (query, out) -> {});

        new DnsClient(PATIENT).query(server.address(), QUESTION);

        Message sent = server.udpQueries().get(0);
        assertFalse(sent.getHeader().getFlag(Flags.RD));
        OPTRecord opt = sent.getOPT();
        assertNotNull(opt);
        assertEquals(DnsClient.EDNS_UDP_PAYLOAD, opt.getPayloadSize());
        assertEquals(0, opt.getVersion());
    }

    @Test
    void questionIsMatchedCaseInsensitively() throws Exception {
        server = new ScriptedServer((query, raw, client, socket) -> {
            Message reply = answerTo(query.getHeader().getID(),
                    Record.newRecord(Name.fromConstantString("WwW.ExAmPlE."), Type.A, DClass.IN));
            reply.addRecord(new ARecord(NAME, DClass.IN, 60, InetAddress.getByName("192.0.2.9")), Section.ANSWER);
            ScriptedServer.sendUdp(socket, client, reply);
        }, (query, out) -> {});

        DnsReply reply = new DnsClient(PATIENT).query(server.address(), QUESTION);

        assertEquals(List.of("192.0.2.9"), addresses(reply.message()));
    }

    @Test
    void replyLargerThanTheAdvertisedBufferIsReadWhole() throws Exception {
        server = new ScriptedServer((query, raw, client, socket) ->
                ScriptedServer.sendUdp(socket, client, bigAnswer(query, 200)), (query, out) -> {});

        DnsReply reply = new DnsClient(PATIENT).query(server.address(), QUESTION);

        assertTrue(reply.message().numBytes() > DnsClient.EDNS_UDP_PAYLOAD);
        assertEquals(200, reply.message().getSection(Section.ANSWER).size());
    }

    @Test
    void replyTooLargeForTheReceiveBufferIsNeverHalfParsed() throws Exception {
        server = new ScriptedServer((query, raw, client, socket) -> {
            byte[] whole = bigAnswer(query, 300).toWire();
            assertTrue(whole.length > UdpExchange.LARGEST_READ_WHOLE);
            ScriptedServer.sendUdp(socket, client, whole);
        }, (query, out) -> {});

        MalformedReplyException e = assertThrows(MalformedReplyException.class,
                () -> new DnsClient(IMPATIENT).query(server.address(), QUESTION));
        assertTrue(e.getMessage().contains("larger than 4096 octets"), e.getMessage());
    }

    @Test
    void aQueryAdvertisingALargeBufferReadsThatMuch() throws Exception {
        server = new ScriptedServer((query, raw, client, socket) ->
                ScriptedServer.sendUdp(socket, client, bigAnswer(query, 300)), (query, out) -> {});
        try (DnsClient client = new DnsClient(PATIENT)) {
            Message query = client.newQuery(QUESTION, true);
            query.removeAllRecords(Section.ADDITIONAL);
            query.addRecord(new OPTRecord(16_384, 0, 0, 0), Section.ADDITIONAL);

            DnsReply reply = client.exchange(server.address(), query, Protocol.UDP);

            assertEquals(300, reply.message().getSection(Section.ANSWER).size());
        }
    }

    @Test
    void truncatedUdpReplyIsRetriedOverTcp() throws Exception {
        server = new ScriptedServer((query, raw, client, socket) -> {
            Message truncated = Replies.replyTo(query);
            truncated.getHeader().setFlag(Flags.TC);
            ScriptedServer.sendUdp(socket, client, truncated);
        }, (query, out) -> ScriptedServer.writeTcp(out, bigAnswer(query, 200)));

        DnsReply reply = new DnsClient(PATIENT).query(server.address(), QUESTION);

        assertEquals(Protocol.TCP, reply.transport());
        assertEquals(200, reply.message().getSection(Section.ANSWER).size());
        assertEquals(server.udpQueries().get(0).getHeader().getID(), server.tcpQueries().get(0).getHeader().getID());
    }

    @Test
    void silentServerTimesOut() throws Exception {
        server = new ScriptedServer((query, raw, client, socket) -> {}, (query, out) -> {});

        assertThrows(DnsTimeoutException.class, () -> new DnsClient(IMPATIENT).query(server.address(), QUESTION));
    }

    @Test
    void onlyBrokenRepliesWithOurIdAreReportedAsMalformed() throws Exception {
        server = new ScriptedServer((query, raw, client, socket) ->
                ScriptedServer.sendUdp(socket, client, garbageWithId(query, 40)), (query, out) -> {});

        assertThrows(MalformedReplyException.class,
                () -> new DnsClient(IMPATIENT).query(server.address(), QUESTION));
    }

    @Test
    void closedUdpPortIsReportedAsUnreachable() throws Exception {
        InetSocketAddress closed;
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            closed = (InetSocketAddress) socket.getLocalSocketAddress();
        }

        assertThrows(ServerUnreachableException.class, () -> new DnsClient(PATIENT).query(closed, QUESTION));
    }

    @Test
    void tcpReplyForAnotherQuestionIsMalformed() throws Exception {
        server = new ScriptedServer((query, raw, client, socket) -> {}, (query, out) ->
                ScriptedServer.writeTcp(out, answerTo(query.getHeader().getID(),
                        Record.newRecord(Name.fromConstantString("other.example."), Type.A, DClass.IN))));
        DnsClient client = new DnsClient(PATIENT);

        assertThrows(MalformedReplyException.class,
                () -> client.exchange(server.address(), client.iterativeQuery(QUESTION), Protocol.TCP));
    }

    @Test
    void tcpServerThatStallsMidReplyTimesOut() throws Exception {
        server = new ScriptedServer((query, raw, client, socket) -> {}, (query, out) -> {
            out.writeShort(500);
            out.write(new byte[10]);
        });
        DnsClient client = new DnsClient(IMPATIENT);

        assertThrows(DnsTimeoutException.class,
                () -> client.exchange(server.address(), client.iterativeQuery(QUESTION), Protocol.TCP));
    }

    private static Message answer(Message query, String address) throws IOException {
        Message reply = Replies.replyTo(query);
        reply.addRecord(new ARecord(NAME, DClass.IN, 60, InetAddress.getByName(address)), Section.ANSWER);
        return reply;
    }

    private static Message answerTo(int id, Record question) {
        Message reply = new Message(id);
        reply.getHeader().setFlag(Flags.QR);
        reply.addRecord(question, Section.QUESTION);
        return reply;
    }

    private static Message bigAnswer(Message query, int records) throws IOException {
        Message reply = Replies.replyTo(query);
        for (int i = 0; i < records; i++) {
            byte[] address = {10, 0, (byte) (i >> 8), (byte) i};
            reply.addRecord(new ARecord(NAME, DClass.IN, 60, InetAddress.getByAddress(address)), Section.ANSWER);
        }
        return reply;
    }

    /** Our ID and QR=1, then noise that does not parse. */
    private static byte[] garbageWithId(Message query, int length) {
        byte[] data = new byte[length];
        int id = query.getHeader().getID();
        data[0] = (byte) (id >> 8);
        data[1] = (byte) id;
        data[2] = (byte) 0x80;
        for (int i = 3; i < length; i++) {
            data[i] = (byte) 0xff;
        }
        return data;
    }

    private static List<String> addresses(Message message) {
        return message.getSection(Section.ANSWER).stream()
                .map(record -> ((ARecord) record).getAddress().getHostAddress())
                .toList();
    }
}
