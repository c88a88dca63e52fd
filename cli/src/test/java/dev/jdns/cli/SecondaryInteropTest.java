package dev.jdns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.testing.CapturedLog;
import dev.jdns.transport.testing.LoopbackClient;
import dev.jdns.transport.testing.TestQueries;
import dev.jdns.transport.testing.peers.Bind;
import dev.jdns.transport.testing.peers.Knot;
import dev.jdns.transport.testing.peers.PeerKey;
import dev.jdns.transport.testing.peers.PeerProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * {@code jdns serve --secondary} behind real primaries on loopback, every transfer signed with TSIG: Knot and BIND
 * send the zone by AXFR; a change on the primary reaches jdns by NOTIFY and IXFR; jdns restarted while the primary
 * is down serves the copy it saved. The SOA REFRESH is two hours, so only the NOTIFY can explain a prompt change.
 */
class SecondaryInteropTest {

    static final String ZONE = "example.com.";
    static final Duration CONVERGE = Duration.ofSeconds(30);
    static final String ZONE_HEAD = """
            $ORIGIN example.com.
            @    3600 IN SOA ns1 hostmaster %d 7200 3600 1209600 300
            @    3600 IN NS  ns1
            ns1  3600 IN A   127.0.0.9
            www  3600 IN A   192.0.2.1
            """;

    @TempDir
    Path dir;
    private final PeerKey key = PeerKey.random("xfr-key", "hmac-sha256");
    private CapturedLog log;

    @AfterEach
    void stopCapturing() {
        if (log != null) {
            log.close();
        }
    }

    @Test
    void knotPrimary() throws Exception {
        Path work = Files.createDirectories(dir.resolve("knot"));
        Path zoneFile = work.resolve("example.com.zone");
        Files.writeString(zoneFile, ZONE_HEAD.formatted(1));
        InetSocketAddress primary = PeerProcess.freeAddress("127.0.0.1");
        InetSocketAddress secondary = PeerProcess.freeAddress("127.0.0.1");
        try (PeerProcess knot = Knot.startPrimary(primary, ZONE, zoneFile, secondary, key, work)) {
            followsThenServesTheSavedCopy(knot, zoneFile, secondary, () -> Knot.reload(work));
        }
    }

    @Test
    void bindPrimary() throws Exception {
        Path work = Files.createDirectories(dir.resolve("bind"));
        Path zoneFile = work.resolve("example.com.zone");
        Files.writeString(zoneFile, ZONE_HEAD.formatted(1));
        InetSocketAddress primary = PeerProcess.freeAddress("127.0.0.1");
        InetSocketAddress secondary = PeerProcess.freeAddress("127.0.0.1");
        try (PeerProcess named = Bind.startPrimary(primary, ZONE, zoneFile, secondary, key, work)) {
            followsThenServesTheSavedCopy(named, zoneFile, secondary, () -> named.signal("HUP"));
        }
    }

    interface Reload {
        void run() throws Exception;
    }

    private void followsThenServesTheSavedCopy(PeerProcess primary, Path zoneFile, InetSocketAddress listen,
            Reload reload) throws Exception {
        String from = "example.com.: serial %d from 127.0.0.1@" + primary.address().getPort() + " by %s";
        String[] args = {"--listen", "127.0.0.1:" + listen.getPort(), "--key", key.spec(),
            "--secondary", ZONE + "=127.0.0.1@" + primary.address().getPort() + ",key:" + key.name(),
            "--state-dir", dir.resolve("state").toString()};
        try (RunningServe serve = RunningServe.start(args)) {
            serve.address();
            log = new CapturedLog("dev.jdns.authoritative");
            assertTrue(awaitAddress(listen, "www.example.com.", "192.0.2.1"), "AXFR: " + primary.logText()
                    + serve.err());
            replace(zoneFile, ZONE_HEAD.formatted(2) + "new  3600 IN A   192.0.2.2\n");
            reload.run();
            assertTrue(awaitAddress(listen, "new.example.com.", "192.0.2.2"), "NOTIFY + IXFR: " + log
                    + primary.logText());
            assertTrue(log.await(from.formatted(2, "IXFR"), 1, CONVERGE), log.toString());
            assertTrue(log.has("NOTIFY for example.com. from 127.0.0.1: refreshing"), log.toString());
        }
        primary.close();
        try (RunningServe restarted = RunningServe.start(args)) {
            restarted.address();
            Optional<Message> reply = LoopbackClient.udp(listen, TestQueries.query("new.example.com.", Type.A));
            assertTrue(reply.isPresent() && hasAddress(reply.get(), "192.0.2.2"), "saved copy: " + reply
                    + restarted.err());
        }
    }

    /** A new version written beside the file and renamed over it. */
    static void replace(Path zoneFile, String text) throws IOException {
        Path temp = zoneFile.resolveSibling(zoneFile.getFileName() + ".new");
        Files.writeString(temp, text);
        Files.move(temp, zoneFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Polls (bounded: {@link #CONVERGE}, every 100 ms) until {@code server} answers {@code name} A {@code address}. */
    static boolean awaitAddress(InetSocketAddress server, String name, String address) throws InterruptedException {
        long deadline = System.nanoTime() + CONVERGE.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Message> reply = LoopbackClient.udp(server, TestQueries.query(name, Type.A));
            if (reply.isPresent() && hasAddress(reply.get(), address)) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    static boolean hasAddress(Message reply, String address) {
        return reply.getRcode() == Rcode.NOERROR && reply.getSection(Section.ANSWER).stream()
                .anyMatch(r -> r instanceof ARecord a && a.getAddress().getHostAddress().equals(address));
    }

    static void assertRcode(int expected, Optional<Message> reply) {
        assertTrue(reply.isPresent(), "no reply");
        assertEquals(Rcode.string(expected), Rcode.string(reply.get().getRcode()), reply.get().toString());
    }
}
