package dev.jdns.cli;

import static dev.jdns.cli.SecondaryInteropTest.assertRcode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.testing.CapturedLog;
import dev.jdns.transport.testing.LoopbackClient;
import dev.jdns.transport.testing.TestQueries;
import dev.jdns.transport.testing.peers.PeerKey;
import dev.jdns.transport.testing.peers.PeerProcess;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/**
 * NOTIFY (RFC 1996) to a jdns secondary whose primary is down: by default only the primary's address, signing with
 * the zone's key, may start a refresh; a stranger's NOTIFY, signed or not, and an unsigned one from the primary's
 * address are REFUSED, a wrong signature is NOTAUTH (BADSIG), and none of them makes jdns ask the primary. Before
 * NOTIFY was implemented jdns answered NOTIMP to all of these.
 */
class SecondaryNotifyTest {

    private static final String REFRESH_FAILED = "example.com.: refresh from ";

    @TempDir
    Path dir;
    private final PeerKey key = PeerKey.random("xfr-key", "hmac-sha256");
    private RunningServe serve;
    private InetSocketAddress secondary;
    private CapturedLog log;

    @BeforeEach
    void start() throws Exception {
        InetSocketAddress downPrimary = PeerProcess.freeAddress("127.0.0.1");
        serve = RunningServe.start("--listen", "127.0.0.1:0", "--key", key.spec(),
                "--secondary", "example.com=127.0.0.1@" + downPrimary.getPort() + ",key:" + key.name(),
                "--state-dir", dir.resolve("state").toString());
        secondary = serve.address();
        log = new CapturedLog("dev.jdns.authoritative"); // after the start, which resets the logging
    }

    @AfterEach
    void stop() throws Exception {
        log.close();
        serve.close();
    }

    @Test
    void onlyThePrimarySigningWithTheKeyStartsARefresh() throws Exception {
        // The first refresh, at start, fails at once (nobody listens there); the next by timer is 30 s away.
        Optional<Message> notYetServed = LoopbackClient.udp(secondary, TestQueries.query("www.example.com.", Type.A));
        assertRcode(Rcode.SERVFAIL, notYetServed);
        Thread.sleep(2000);
        long before = log.count(REFRESH_FAILED);

        PeerKey wrong = PeerKey.random(key.name(), key.algorithm());
        assertRcode(Rcode.REFUSED, notify("127.0.0.2", "example.com.", Type.SOA, null));
        assertRcode(Rcode.REFUSED, notify("127.0.0.2", "example.com.", Type.SOA, key));
        assertRcode(Rcode.REFUSED, notify("127.0.0.1", "example.com.", Type.SOA, null));
        assertRcode(Rcode.NOTAUTH, notify("127.0.0.1", "example.com.", Type.SOA, wrong));
        assertRcode(Rcode.NOTAUTH, notify("127.0.0.1", "other.example.", Type.SOA, key));
        assertRcode(Rcode.FORMERR, notify("127.0.0.1", "example.com.", Type.A, key));
        Thread.sleep(1500); // three looks at the clock: a refresh started by any of those would be logged by now
        assertEquals(before, log.count(REFRESH_FAILED), log.toString());

        Optional<Message> accepted = notify("127.0.0.1", "example.com.", Type.SOA, key);
        assertRcode(Rcode.NOERROR, accepted);
        assertEquals(Opcode.NOTIFY, accepted.get().getHeader().getOpcode());
        assertTrue(accepted.get().getHeader().getFlag(Flags.AA));
        assertTrue(accepted.get().getTSIG() != null, "the acknowledgement is signed");
        assertTrue(log.await(REFRESH_FAILED, before + 1, Duration.ofSeconds(20)), log.toString());
    }

    /** A NOTIFY for {@code zone} sent from {@code source}, signed with {@code signer} unless it is null. */
    private Optional<Message> notify(String source, String zone, int type, PeerKey signer) throws IOException {
        Message message = Message.newQuery(Record.newRecord(Name.fromString(zone), type, DClass.IN));
        message.getHeader().setOpcode(Opcode.NOTIFY);
        message.getHeader().unsetFlag(Flags.RD);
        message.getHeader().setFlag(Flags.AA);
        if (signer != null) {
            new TSIG(TSIG.HMAC_SHA256, signer.name(), signer.secret()).apply(message, null);
        }
        byte[] wire = message.toWire();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(source), 0))) {
            socket.setSoTimeout((int) LoopbackClient.DEFAULT_TIMEOUT.toMillis());
            socket.send(new DatagramPacket(wire, wire.length, secondary));
            byte[] buffer = new byte[4096];
            DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
            socket.receive(reply);
            return Optional.of(new Message(java.util.Arrays.copyOf(buffer, reply.getLength())));
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        }
    }
}
