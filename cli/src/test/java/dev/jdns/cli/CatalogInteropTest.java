package dev.jdns.cli;

import static dev.jdns.cli.CatalogZoneTest.CATALOG;
import static dev.jdns.cli.CatalogZoneTest.awaitRcode;
import static dev.jdns.cli.CatalogZoneTest.zone;
import static dev.jdns.cli.SecondaryInteropTest.awaitAddress;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.testing.peers.Bind;
import dev.jdns.transport.testing.peers.Knot;
import dev.jdns.transport.testing.peers.PeerKey;
import dev.jdns.transport.testing.peers.PeerProcess;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Rcode;

/**
 * Catalog zones (RFC 9432) with Knot on loopback, both directions, TSIG on every transfer: Knot generates the
 * catalog of its zones and a jdns {@code --catalog} secondary serves them; jdns generates the catalog of its zone
 * files ({@code --catalog-generate}) and a Knot {@code catalog-role: interpret} secondary, or a BIND one
 * ({@code catalog-zones}), serves them. In each, a
 * member added on the primary is served by the secondary, and one removed is REFUSED there, without a restart.
 */
class CatalogInteropTest {

    @TempDir
    Path dir;
    private final PeerKey key = PeerKey.random("xfr-key", "hmac-sha256");

    @Test
    void knotProducerJdnsConsumer() throws Exception {
        Path work = Files.createDirectories(dir.resolve("knot"));
        Files.writeString(work.resolve("a.example.zone"), zone("a.example.", "192.0.2.1"));
        Files.writeString(work.resolve("b.example.zone"), zone("b.example.", "192.0.2.2"));
        Files.writeString(work.resolve("c.example.zone"), zone("c.example.", "192.0.2.3"));
        InetSocketAddress primary = PeerProcess.freeAddress("127.0.0.1");
        InetSocketAddress secondary = PeerProcess.freeAddress("127.0.0.1");
        try (PeerProcess knot = Knot.startCatalogPrimary(primary, CATALOG, List.of("a.example.", "b.example."),
                secondary, key, work);
             RunningServe serve = RunningServe.start("--listen", "127.0.0.1:" + secondary.getPort(),
                "--key", key.spec(), "--secondary", CATALOG + "=127.0.0.1@" + primary.getPort() + ",key:"
                        + key.name(), "--catalog", CATALOG, "--state-dir", dir.resolve("state").toString())) {
            serve.address();
            assertTrue(awaitAddress(secondary, "www.a.example.", "192.0.2.1"), "member a: " + knot.logText()
                    + serve.err());
            assertTrue(awaitAddress(secondary, "www.b.example.", "192.0.2.2"), "member b: " + serve.err());
            Knot.changeCatalogMembers(primary, CATALOG, List.of("a.example.", "c.example."), secondary, key, work);
            assertTrue(awaitAddress(secondary, "www.c.example.", "192.0.2.3"), "member c added: " + knot.logText()
                    + serve.err());
            assertTrue(awaitRcode(secondary, "www.b.example.", Rcode.REFUSED), "member b dropped: " + serve.err());
        }
    }

    @Test
    void jdnsProducerKnotConsumer() throws Exception {
        jdnsProducer((secondary, primary) -> Knot.startCatalogSecondary(secondary, CATALOG, primary, key,
                Files.createDirectories(dir.resolve("knot"))));
    }

    @Test
    void jdnsProducerBindConsumer() throws Exception {
        jdnsProducer((secondary, primary) -> Bind.startCatalogSecondary(secondary, CATALOG, primary, key,
                Files.createDirectories(dir.resolve("bind"))));
    }

    /** Starts a peer as a catalog consumer listening on the first address, behind the primary at the second. */
    interface Consumer {
        PeerProcess start(InetSocketAddress secondary, InetSocketAddress primary) throws Exception;
    }

    private void jdnsProducer(Consumer consumer) throws Exception {
        Path zones = Files.createDirectories(dir.resolve("zones"));
        Files.writeString(zones.resolve("a.example.zone"), zone("a.example.", "192.0.2.1"));
        Files.writeString(zones.resolve("b.example.zone"), zone("b.example.", "192.0.2.2"));
        InetSocketAddress primary = PeerProcess.freeAddress("127.0.0.1");
        InetSocketAddress secondary = PeerProcess.freeAddress("127.0.0.1");
        try (RunningServe serve = RunningServe.start("--listen", "127.0.0.1:" + primary.getPort(),
                "--key", key.spec(), "--allow-transfer", "127.0.0.1/32+key:" + key.name(),
                "--catalog-generate", CATALOG, "--notify", CATALOG + "=127.0.0.1@" + secondary.getPort() + ",key:"
                        + key.name(), "--state-dir", dir.resolve("state").toString(), "--watch-interval", "100ms",
                "--reload-settle", "0", zones.toString());
             PeerProcess peer = consumer.start(secondary, primary)) {
            serve.address();
            assertTrue(awaitAddress(secondary, "www.a.example.", "192.0.2.1"), "member a: " + peer.logText()
                    + serve.err());
            assertTrue(awaitAddress(secondary, "www.b.example.", "192.0.2.2"), "member b: " + peer.logText());
            SecondaryInteropTest.replace(zones.resolve("c.example.zone"), zone("c.example.", "192.0.2.3"));
            assertTrue(awaitAddress(secondary, "www.c.example.", "192.0.2.3"), "member c added: " + peer.logText()
                    + serve.err());
            Files.delete(zones.resolve("b.example.zone"));
            assertTrue(awaitRcode(secondary, "www.b.example.", Rcode.REFUSED), "member b dropped: "
                    + peer.logText());
        }
    }
}
