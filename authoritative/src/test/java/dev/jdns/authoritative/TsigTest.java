package dev.jdns.authoritative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.authoritative.tsig.TsigKey;
import dev.jdns.authoritative.tsig.TsigKeyring;
import dev.jdns.transport.DnsServer;
import dev.jdns.transport.ServerOptions;
import dev.jdns.transport.testing.LoopbackClient;
import dev.jdns.transport.testing.LoopbackServers;
import dev.jdns.transport.testing.TcpSession;
import dev.jdns.transport.testing.TestQueries;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;

/**
 * TSIG (RFC 8945) through the real front end over loopback sockets: signed requests verified, replies and every
 * message of a transfer signed, the §5.2 error replies (BADKEY, BADSIG, BADTIME as NOTAUTH), and the transfer ACL
 * forms (key, CIDR+key).
 */
class TsigTest {

    private static final String SECRET = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTMyIQ==";
    private static final String OTHER_SECRET = "b3RoZXItb3RoZXItb3RoZXItb3RoZXItb3RoZXIhIQ==";
    private static final TsigKey KEY = TsigKey.of("xfr-key", "hmac-sha256", SECRET);
    /** Enough records for a transfer of several messages. */
    private static final int HOSTS = 1500;

    @TempDir
    Path dir;
    private DnsServer server;
    private InetSocketAddress address;

    @BeforeEach
    void start() throws Exception {
        StringBuilder text = new StringBuilder(ZoneTexts.SOA).append("@ NS ns1\nns1 A 192.0.2.53\n");
        for (int i = 0; i < HOSTS; i++) {
            text.append("host-").append(i).append(" A 10.0.").append(i / 256).append('.').append(i % 256).append('\n');
        }
        LoadedZone zone = ZoneTexts.load(dir, "example.com.zone", text.toString());
        ZoneCatalog catalog = ZoneCatalog.of(List.of(zone));
        AccessPolicy access = new AccessPolicy(TsigKeyring.of(List.of(KEY)),
                Acl.parse(List.of("127.0.0.1/32+key:xfr-key")), Acl.NOBODY, Map.of());
        server = LoopbackServers.start(AuthoritativeHandler.serving(() -> catalog).access(access).build(), ServerOptions.defaults(), "127.0.0.1");
        address = LoopbackServers.address(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static TSIG tsig(String name, String secret, Clock clock) {
        TsigKey key = TsigKey.of(name, "hmac-sha256", secret);
        return new TSIG(key.algorithm(), key.name(), new SecretKeySpec(key.secret(), "HmacSHA256"), clock);
    }

    private static byte[] signed(Message query, TSIG key) {
        query.setTSIG(key, Rcode.NOERROR, null);
        return query.toWire(Message.MAXLENGTH);
    }

    /** Every raw reply of one transfer from {@code source}: until the closing SOA, an error, or silence. */
    private List<byte[]> transfer(String source, byte[] request) {
        List<byte[]> replies = new ArrayList<>();
        try (TcpSession session = TcpSession.openFrom(source, address)) {
            session.sendRaw(request);
            int soas = 0;
            while (soas < 2) {
                byte[] wire = session.receiveRaw(LoopbackClient.DEFAULT_TIMEOUT).orElse(null);
                if (wire == null) {
                    break;
                }
                replies.add(wire);
                Message reply = LoopbackClient.parse(wire);
                if (reply.getRcode() != Rcode.NOERROR) {
                    break;
                }
                soas += (int) reply.getSection(Section.ANSWER).stream().filter(r -> r.getType() == Type.SOA).count();
            }
        }
        return replies;
    }

    @Test
    void signedAxfrIsSignedInEveryMessageAndVerifiesAsAStream() throws Exception {
        TSIG key = KEY.tsig();
        Message query = TestQueries.query("example.com.", Type.AXFR);
        byte[] request = signed(query, key);
        List<byte[]> replies = transfer("127.0.0.1", request);
        assertTrue(replies.size() > 1, "a transfer of several messages");
        TSIG.StreamVerifier verifier = new TSIG.StreamVerifier(key, new Message(request).getTSIG());
        int records = 0;
        for (byte[] wire : replies) {
            Message reply = new Message(wire);
            assertEquals(Rcode.NOERROR, reply.getRcode());
            assertNotNull(reply.getTSIG(), "every message signed");
            assertEquals(Rcode.NOERROR, verifier.verify(reply, wire));
            records += reply.getSection(Section.ANSWER).size();
        }
        assertEquals(HOSTS + 4, records); // SOA, NS, ns1 A, the hosts, SOA
    }

    @Test
    void unsignedTransferFromTheRightAddressIsRefused() {
        byte[] request = TestQueries.query("example.com.", Type.AXFR).toWire();
        List<byte[]> replies = transfer("127.0.0.1", request);
        assertEquals(1, replies.size());
        assertEquals(Rcode.REFUSED, LoopbackClient.parse(replies.getFirst()).getRcode());
    }

    @Test
    void signedTransferFromAStrangerAddressIsRefused() {
        byte[] request = signed(TestQueries.query("example.com.", Type.AXFR), KEY.tsig());
        List<byte[]> replies = transfer("127.0.0.2", request);
        assertEquals(1, replies.size());
        assertEquals(Rcode.REFUSED, LoopbackClient.parse(replies.getFirst()).getRcode());
    }

    @Test
    void wrongSecretIsNotAuthWithBadSigUnsigned() throws Exception {
        byte[] request = signed(TestQueries.query("example.com.", Type.AXFR),
                tsig("xfr-key", OTHER_SECRET, Clock.systemUTC()));
        TSIGRecord tsig = onlyReplyTsig(request, Rcode.NOTAUTH);
        assertEquals(Rcode.BADSIG, tsig.getError());
        assertEquals(0, tsig.getSignature().length, "RFC 8945 §5.2.2: unsigned");
    }

    @Test
    void unknownKeyIsNotAuthWithBadKey() throws Exception {
        byte[] request = signed(TestQueries.query("example.com.", Type.AXFR),
                tsig("stranger-key", SECRET, Clock.systemUTC()));
        TSIGRecord tsig = onlyReplyTsig(request, Rcode.NOTAUTH);
        assertEquals(Rcode.BADKEY, tsig.getError());
        assertEquals(Name.fromString("stranger-key."), tsig.getName());
        assertEquals(0, tsig.getSignature().length, "RFC 8945 §5.2.1: unsigned");
    }

    @Test
    void clockSkewBeyondFudgeIsBadTimeSignedWithTheServersTime() throws Exception {
        Clock late = Clock.offset(Clock.systemUTC(), Duration.ofHours(1));
        byte[] request = signed(TestQueries.query("example.com.", Type.AXFR), tsig("xfr-key", SECRET, late));
        TSIGRecord tsig = onlyReplyTsig(request, Rcode.NOTAUTH);
        assertEquals(Rcode.BADTIME, tsig.getError());
        assertTrue(tsig.getSignature().length > 0, "RFC 8945 §5.2.3: signed");
        assertEquals(6, tsig.getOther().length, "the server's time in Other Data");
    }

    @Test
    void signedOrdinaryQueryGetsASignedReplyOverUdp() throws Exception {
        TSIG key = KEY.tsig();
        Message query = TestQueries.query("www.example.com.", Type.A);
        byte[] request = signed(query, key);
        byte[] wire = LoopbackClient.udpRaw(address, request, LoopbackClient.DEFAULT_TIMEOUT).orElseThrow();
        Message reply = new Message(wire);
        assertEquals(Rcode.NXDOMAIN, reply.getRcode());
        assertEquals(Rcode.NOERROR, key.verify(reply, wire, new Message(request).getTSIG()));
    }

    @Test
    void tsigThatIsNotTheLastRecordIsFormErr() throws Exception {
        Message query = TestQueries.query("example.com.", Type.AXFR);
        byte[] signedWire = signed(query, KEY.tsig());
        Message parsed = new Message(signedWire);
        Record tsig = parsed.getTSIG();
        Message broken = TestQueries.query("example.com.", Type.AXFR);
        broken.getHeader().setID(parsed.getHeader().getID());
        broken.addRecord(tsig, Section.ADDITIONAL);
        broken.addRecord(Record.fromString(Name.fromString("x."), Type.TXT, 1, 0, "\"after\"", Name.root),
                Section.ADDITIONAL);
        List<byte[]> replies = transfer("127.0.0.1", broken.toWire());
        assertEquals(1, replies.size());
        assertEquals(Rcode.FORMERR, LoopbackClient.parse(replies.getFirst()).getRcode());
    }

    @Test
    void malformedAndWronglySignedNotifyChangeNothing() throws Exception {
        Message notify = TestQueries.query("example.com.", Type.SOA);
        notify.getHeader().setOpcode(org.xbill.DNS.Opcode.NOTIFY);
        byte[] wronglySigned = signed(notify, tsig("xfr-key", OTHER_SECRET, Clock.systemUTC()));
        Message badSig = udp(wronglySigned);
        assertEquals(Rcode.NOTAUTH, badSig.getRcode());
        assertEquals(Rcode.BADSIG, badSig.getTSIG().getError());

        byte[] cutTsig = java.util.Arrays.copyOf(wronglySigned, wronglySigned.length - 5);
        assertEquals(Rcode.FORMERR, udp(cutTsig).getRcode());
        byte[] noQuestion = notify.toWire();
        noQuestion[5] = 0; // QDCOUNT 0: a NOTIFY names its zone in the question (RFC 1996 §3.7)
        assertEquals(Rcode.FORMERR, udp(java.util.Arrays.copyOf(noQuestion, 12)).getRcode());
        Message unsigned = TestQueries.query("example.com.", Type.SOA);
        unsigned.getHeader().setOpcode(org.xbill.DNS.Opcode.NOTIFY);
        assertEquals(Rcode.NOTIMP, udp(unsigned.toWire()).getRcode(), "a primary takes no NOTIFY");

        Message soa = udp(TestQueries.query("example.com.", Type.SOA).toWire());
        assertEquals(1, ((org.xbill.DNS.SOARecord) soa.getSection(Section.ANSWER).getFirst()).getSerial());
    }

    private Message udp(byte[] request) throws Exception {
        return new Message(LoopbackClient.udpRaw(address, request, LoopbackClient.DEFAULT_TIMEOUT).orElseThrow());
    }

    private TSIGRecord onlyReplyTsig(byte[] request, int rcode) throws Exception {
        List<byte[]> replies = transfer("127.0.0.1", request);
        assertEquals(1, replies.size());
        Message reply = new Message(replies.getFirst());
        assertEquals(rcode, reply.getRcode());
        assertEquals(0, reply.getSection(Section.ANSWER).size());
        assertNotNull(reply.getTSIG());
        return reply.getTSIG();
    }
}
