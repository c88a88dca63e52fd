package dev.jdns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.testing.LoopbackClient;
import dev.jdns.transport.testing.TestQueries;
import dev.jdns.transport.testing.peers.Knot;
import dev.jdns.transport.testing.peers.Nsd;
import dev.jdns.transport.testing.peers.PeerKey;
import dev.jdns.transport.testing.peers.PeerProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * {@code jdns serve} as a primary for real secondaries on loopback, every transfer signed with TSIG: NSD and Knot
 * take the zone by AXFR, then a change of the zone file (higher serial) reaches them by NOTIFY and IXFR; dig and
 * kdig transfer with the key, and are refused without it, with a wrong one, and from another address.
 */
class PrimaryInteropTest {

    private static final String ZONE = "example.com.";
    private static final Duration CONVERGE = Duration.ofSeconds(30);
    /** NS glue on an address the transfer ACL does not admit: only the --notify target hears NOTIFY. */
    private static final String ZONE_HEAD = """
            $ORIGIN example.com.
            @    3600 IN SOA ns1 hostmaster %d 7200 3600 1209600 300
            @    3600 IN NS  ns1
            ns1  3600 IN A   127.0.0.9
            www  3600 IN A   192.0.2.1
            """;

    @TempDir
    Path dir;
    private final PeerKey key = PeerKey.random("xfr-key", "hmac-sha256");
    private final List<String> transferLog = new ArrayList<>();
    private final Logger authoritativeLog = Logger.getLogger("dev.jdns.authoritative");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (transferLog) {
                transferLog.add(new java.util.logging.SimpleFormatter().formatMessage(record));
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private Path zoneFile;
    private InetSocketAddress primary;
    private InetSocketAddress secondary;
    private RunningServe serve;

    @BeforeEach
    void startPrimary() throws Exception {
        zoneFile = dir.resolve("example.com.zone");
        Files.writeString(zoneFile, ZONE_HEAD.formatted(1));
        primary = PeerProcess.freeAddress("127.0.0.1");
        secondary = PeerProcess.freeAddress("127.0.0.1");
        serve = RunningServe.start("--listen", "127.0.0.1:" + primary.getPort(),
                "--key", key.spec(), "--allow-transfer", "127.0.0.1/32+key:" + key.name(),
                "--notify", ZONE + "=127.0.0.1@" + secondary.getPort() + ",key:" + key.name(),
                "--state-dir", dir.resolve("state").toString(), "--watch-interval", "100ms",
                zoneFile.toString());
        serve.address();
        authoritativeLog.addHandler(capture);
        authoritativeLog.setLevel(Level.INFO);
    }

    @AfterEach
    void stop() throws Exception {
        authoritativeLog.removeHandler(capture);
        serve.close();
    }

    @Test
    void nsdSecondaryTakesTheZoneThenTheChangeByNotifyAndIxfr() throws Exception {
        Path work = Files.createDirectories(dir.resolve("nsd"));
        try (PeerProcess nsd = Nsd.startSecondary(secondary, ZONE, primary, key, work)) {
            followsTheChange(nsd);
        }
    }

    @Test
    void knotSecondaryTakesTheZoneThenTheChangeByNotifyAndIxfr() throws Exception {
        Path work = Files.createDirectories(dir.resolve("knot"));
        try (PeerProcess knot = Knot.startSecondary(secondary, ZONE, primary, key, work)) {
            followsTheChange(knot);
        }
    }

    private void followsTheChange(PeerProcess peer) throws Exception {
        assertTrue(awaitAddress(peer, "www.example.com.", "192.0.2.1"), "initial AXFR: " + peer.logText());
        assertTrue(logged("AXFR of example.com. serial 1 to 127.0.0.1 over TCP (key xfr-key.)"), transferLog());
        replaceZone(ZONE_HEAD.formatted(2) + "new  3600 IN A   192.0.2.2\n");
        assertTrue(awaitAddress(peer, "new.example.com.", "192.0.2.2"), "after NOTIFY: " + peer.logText()
                + "\njdns: " + transferLog() + serve.err());
        assertTrue(logged("IXFR of example.com. serial 2 to 127.0.0.1 over TCP (key xfr-key.) incremental from 1"),
                transferLog());
        assertFalse(logged("AXFR of example.com. serial 2"), transferLog());
    }

    @Test
    void digAndKdigTransferWithTheKeyAndAreRefusedOtherwise() throws Exception {
        String port = String.valueOf(primary.getPort());
        String signed = tool("dig", "-y", key.digSpec(), "-p", port, "@127.0.0.1", ZONE, "AXFR");
        assertTrue(signed.contains("www.example.com.") && signed.contains("XFR size: 5 records"), signed);
        String kdig = tool("kdig", "-y", key.digSpec(), "-p", port, "@127.0.0.1", ZONE, "AXFR");
        assertTrue(kdig.contains("www.example.com.") && kdig.contains("Received"), kdig);
        assertTrue(kdig.contains("TSIG"), kdig);

        String unsigned = tool("dig", "-p", port, "@127.0.0.1", ZONE, "AXFR");
        assertTrue(unsigned.contains("Transfer failed") && !unsigned.contains("www.example.com."), unsigned);
        PeerKey wrong = PeerKey.random(key.name(), key.algorithm());
        String badSig = tool("kdig", "-y", wrong.digSpec(), "-p", port, "@127.0.0.1", ZONE, "AXFR");
        assertTrue(badSig.contains("BADSIG") && !badSig.contains("192.0.2.1"), badSig); // NOTAUTH + TSIG error
        String stranger = tool("dig", "-b", "127.0.0.2", "-y", key.digSpec(), "-p", port, "@127.0.0.1", ZONE,
                "AXFR");
        assertTrue(stranger.contains("Transfer failed") && !stranger.contains("www.example.com."), stranger);
    }

    /** A new version written beside the file and renamed over it, as the serve docs ask. */
    private void replaceZone(String text) throws IOException {
        Path temp = dir.resolve("example.com.zone.tmp");
        Files.writeString(temp, text);
        Files.move(temp, zoneFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Polls the peer (bounded: {@link #CONVERGE}, every 100 ms) until it answers {@code name} A {@code address}. */
    private static boolean awaitAddress(PeerProcess peer, String name, String address) throws InterruptedException {
        long deadline = System.nanoTime() + CONVERGE.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Message> reply = LoopbackClient.udp(peer.address(), TestQueries.query(name, Type.A));
            if (reply.isPresent() && reply.get().getRcode() == Rcode.NOERROR && reply.get()
                    .getSection(Section.ANSWER).stream().anyMatch(r -> r instanceof ARecord a
                            && a.getAddress().getHostAddress().equals(address))) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private boolean logged(String line) {
        synchronized (transferLog) {
            return transferLog.stream().anyMatch(l -> l.startsWith(line));
        }
    }

    private String transferLog() {
        synchronized (transferLog) {
            return String.join("\n", transferLog);
        }
    }

    /** Runs dig or kdig (bounded) and returns what it printed, whatever its exit status. */
    private static String tool(String... command) throws IOException, InterruptedException {
        PeerProcess.requireExecutable(command[0]);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish");
        }
        return text;
    }
}
