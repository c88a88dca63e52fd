package dev.jdns.cli;

import static dev.jdns.cli.SecondaryInteropTest.ZONE;
import static dev.jdns.cli.SecondaryInteropTest.ZONE_HEAD;
import static dev.jdns.cli.SecondaryInteropTest.awaitAddress;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.testing.CapturedLog;
import dev.jdns.transport.testing.peers.Nsd;
import dev.jdns.transport.testing.peers.PeerKey;
import dev.jdns.transport.testing.peers.PeerProcess;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A jdns secondary is itself a primary: jdns primary -> jdns secondary -> NSD secondary, TSIG on every hop. A
 * change of the primary's zone file travels down the chain by NOTIFY and IXFR at each hop; the middle server
 * serves NSD from the journal its transfers in fed.
 */
class SecondaryChainTest {

    private static final String INCREMENTAL_2 = "IXFR of example.com. serial 2 to 127.0.0.1 over TCP (key xfr-key.)"
            + " incremental from 1";

    @TempDir
    Path dir;
    private final PeerKey key = PeerKey.random("xfr-key", "hmac-sha256");

    @Test
    void aChangeTravelsDownTheChainByNotifyAndIxfr() throws Exception {
        Path zoneFile = dir.resolve("example.com.zone");
        Files.writeString(zoneFile, ZONE_HEAD.formatted(1));
        InetSocketAddress primary = PeerProcess.freeAddress("127.0.0.1");
        InetSocketAddress middle = PeerProcess.freeAddress("127.0.0.1");
        InetSocketAddress last = PeerProcess.freeAddress("127.0.0.1");
        String transfer = "127.0.0.1/32+key:" + key.name();
        try (RunningServe top = RunningServe.start("--listen", "127.0.0.1:" + primary.getPort(), "--key", key.spec(),
                "--allow-transfer", transfer, "--notify", ZONE + "=127.0.0.1@" + middle.getPort() + ",key:" + key.name(),
                "--state-dir", dir.resolve("top").toString(), "--watch-interval", "100ms", zoneFile.toString());
             RunningServe secondary = RunningServe.start("--listen", "127.0.0.1:" + middle.getPort(),
                "--key", key.spec(), "--secondary", ZONE + "=127.0.0.1@" + primary.getPort() + ",key:" + key.name(),
                "--allow-transfer", transfer, "--notify", ZONE + "=127.0.0.1@" + last.getPort() + ",key:" + key.name(),
                "--state-dir", dir.resolve("middle").toString());
             CapturedLog log = new CapturedLog("dev.jdns.authoritative")) {
            top.address();
            secondary.address();
            Path work = Files.createDirectories(dir.resolve("nsd"));
            try (PeerProcess nsd = Nsd.startSecondary(last, ZONE, middle, key, work)) {
                assertTrue(awaitAddress(last, "www.example.com.", "192.0.2.1"), "NSD's AXFR from the middle: "
                        + nsd.logText() + log + secondary.err());
                SecondaryInteropTest.replace(zoneFile, ZONE_HEAD.formatted(2) + "new  3600 IN A   192.0.2.2\n");
                assertTrue(awaitAddress(last, "new.example.com.", "192.0.2.2"), "down the chain: " + nsd.logText()
                        + log);
                // Both hops were incremental: the primary to the middle, the middle (from its journal) to NSD.
                assertTrue(log.await(INCREMENTAL_2, 2, Duration.ofSeconds(10)), log.toString());
            }
        }
    }
}
