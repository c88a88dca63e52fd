package dev.jdns.cli;

import static dev.jdns.cli.SecondaryInteropTest.assertRcode;
import static dev.jdns.cli.SecondaryInteropTest.awaitAddress;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.testing.CapturedLog;
import dev.jdns.transport.testing.LoopbackClient;
import dev.jdns.transport.testing.TestQueries;
import dev.jdns.transport.testing.peers.PeerKey;
import dev.jdns.transport.testing.peers.PeerProcess;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Catalog zones (RFC 9432) between two jdns servers on loopback, TSIG on every transfer: the primary serves a
 * directory of zone files and the catalog it generates ({@code --catalog-generate}); the secondary takes the catalog
 * ({@code --secondary} + {@code --catalog}) and, from it, every member. A zone file added to the directory becomes a
 * member served by the secondary; one removed stops being served there (REFUSED), both without a restart; and a
 * restarted secondary serves the members it had while the primary is down.
 */
class CatalogZoneTest {

    static final String CATALOG = "catalog.invalid.";
    private static final Duration CONVERGE = SecondaryInteropTest.CONVERGE;

    @TempDir
    Path dir;
    private final PeerKey key = PeerKey.random("xfr-key", "hmac-sha256");

    /** A small zone {@code name} whose www has {@code address}. */
    static String zone(String name, String address) {
        return "$ORIGIN " + name + "\n@ 3600 IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ 3600 IN NS ns1\n"
                + "ns1 3600 IN A 127.0.0.9\nwww 3600 IN A " + address + "\n";
    }

    @Test
    void membersFollowTheZoneFilesOfThePrimary() throws Exception {
        Path zones = Files.createDirectories(dir.resolve("zones"));
        Files.writeString(zones.resolve("a.example.zone"), zone("a.example.", "192.0.2.1"));
        Files.writeString(zones.resolve("b.example.zone"), zone("b.example.", "192.0.2.2"));
        InetSocketAddress primary = PeerProcess.freeAddress("127.0.0.1");
        InetSocketAddress secondary = PeerProcess.freeAddress("127.0.0.1");
        String[] secondaryArgs = {"--listen", "127.0.0.1:" + secondary.getPort(), "--key", key.spec(),
            "--secondary", CATALOG + "=127.0.0.1@" + primary.getPort() + ",key:" + key.name(),
            "--catalog", CATALOG, "--state-dir", dir.resolve("secondary").toString()};
        try (RunningServe top = RunningServe.start("--listen", "127.0.0.1:" + primary.getPort(), "--key", key.spec(),
                "--allow-transfer", "127.0.0.1/32+key:" + key.name(), "--catalog-generate", CATALOG,
                "--notify", CATALOG + "=127.0.0.1@" + secondary.getPort() + ",key:" + key.name(),
                "--state-dir", dir.resolve("primary").toString(), "--watch-interval", "100ms",
                "--reload-settle", "0", zones.toString());
             RunningServe serve = RunningServe.start(secondaryArgs);
             CapturedLog log = new CapturedLog("dev.jdns.authoritative")) {
            top.address();
            serve.address();
            assertTrue(awaitAddress(secondary, "www.a.example.", "192.0.2.1"), "member a: " + serve.err());
            assertTrue(awaitAddress(secondary, "www.b.example.", "192.0.2.2"), "member b: " + serve.err());

            SecondaryInteropTest.replace(zones.resolve("c.example.zone"), zone("c.example.", "192.0.2.3"));
            assertTrue(awaitAddress(secondary, "www.c.example.", "192.0.2.3"), "member c added: " + serve.err());
            // The generated catalog's versions are journaled like any zone's: the change came as a difference.
            assertTrue(log.toString().lines().anyMatch(line -> line.startsWith("IXFR of catalog.invalid. serial")
                    && line.contains(" incremental from ")), log.toString());

            Files.delete(zones.resolve("b.example.zone"));
            assertTrue(awaitRcode(secondary, "www.b.example.", Rcode.REFUSED), "member b dropped: " + serve.err());
            assertTrue(awaitAddress(secondary, "www.a.example.", "192.0.2.1"), "member a stays");
        }
        try (RunningServe restarted = RunningServe.start(secondaryArgs)) { // the primary is down now
            restarted.address();
            assertRcode(Rcode.NOERROR, LoopbackClient.udp(secondary, TestQueries.query("www.c.example.", Type.A)));
            assertTrue(SecondaryInteropTest.hasAddress(LoopbackClient.udp(secondary,
                    TestQueries.query("www.a.example.", Type.A)).orElseThrow(), "192.0.2.1"), restarted.err());
            assertRcode(Rcode.REFUSED, LoopbackClient.udp(secondary, TestQueries.query("www.b.example.", Type.A)));
        }
    }

    /**
     * A catalog written by hand on the primary, served as an ordinary zone file: a version other than "2" is not
     * applied (logged); a unique ID with two PTRs is ignored (RFC 9432 §4.1); the same member under a new unique ID is
     * reset (removed, then transferred afresh), and served again.
     */
    @Test
    void theConsumerAppliesOnlyWellFormedCatalogs() throws Exception {
        Path zones = Files.createDirectories(dir.resolve("zones"));
        Files.writeString(zones.resolve("a.example.zone"), zone("a.example.", "192.0.2.1"));
        Files.writeString(zones.resolve("b.example.zone"), zone("b.example.", "192.0.2.2"));
        Path catalogFile = zones.resolve("catalog.invalid.zone");
        Files.writeString(catalogFile, catalog(1, "2", ""));
        InetSocketAddress primary = PeerProcess.freeAddress("127.0.0.1");
        InetSocketAddress secondary = PeerProcess.freeAddress("127.0.0.1");
        try (RunningServe top = RunningServe.start("--listen", "127.0.0.1:" + primary.getPort(), "--key", key.spec(),
                "--allow-transfer", "127.0.0.1/32+key:" + key.name(),
                "--notify", CATALOG + "=127.0.0.1@" + secondary.getPort() + ",key:" + key.name(),
                "--watch-interval", "100ms", "--reload-settle", "0", zones.toString());
             RunningServe serve = RunningServe.start("--listen", "127.0.0.1:" + secondary.getPort(),
                "--key", key.spec(), "--secondary", CATALOG + "=127.0.0.1@" + primary.getPort() + ",key:" + key.name(),
                "--catalog", CATALOG, "--state-dir", dir.resolve("secondary").toString());
             CapturedLog log = new CapturedLog("dev.jdns.authoritative")) {
            top.address();
            serve.address();
            SecondaryInteropTest.replace(catalogFile, catalog(2, "1", "one.zones PTR a.example.\n"));
            assertTrue(log.await("catalog catalog.invalid. serial 2 not applied, members unchanged: schema version [1]",
                    1, CONVERGE), log.toString());
            assertRcode(Rcode.REFUSED, LoopbackClient.udp(secondary, TestQueries.query("www.a.example.", Type.A)));

            SecondaryInteropTest.replace(catalogFile, catalog(3, "2", "one.zones PTR a.example.\n"
                    + "two.zones PTR b.example.\ntwo.zones PTR x.example.\ntxt.zones TXT \"not a member\"\n"));
            assertTrue(awaitAddress(secondary, "www.a.example.", "192.0.2.1"), "member a: " + log);
            assertTrue(log.has("catalog catalog.invalid.: two.zones.catalog.invalid.: 2 PTR records, the member is"
                    + " ignored"), log.toString());
            assertRcode(Rcode.REFUSED, LoopbackClient.udp(secondary, TestQueries.query("www.b.example.", Type.A)));

            SecondaryInteropTest.replace(catalogFile, catalog(4, "2", "renamed.zones PTR a.example.\n"
                    + "two.zones PTR b.example.\n"));
            assertTrue(awaitAddress(secondary, "www.b.example.", "192.0.2.2"), "member b: " + log);
            assertTrue(log.await("catalog catalog.invalid.: member a.example. reset: its unique ID changed", 1,
                    CONVERGE), log.toString());
            assertTrue(log.await("catalog catalog.invalid.: member a.example. added (ID renamed)", 1, CONVERGE),
                    log.toString());
            assertTrue(awaitAddress(secondary, "www.a.example.", "192.0.2.1"), "member a after its reset: " + log);
        }
    }

    private static String catalog(int serial, String version, String members) {
        return "$ORIGIN " + CATALOG + "\n$TTL 0\n@ SOA invalid. invalid. " + serial + " 3600 600 2419200 0\n"
                + "@ NS invalid.\nversion TXT \"" + version + "\"\n" + members;
    }

    /** Polls (bounded: {@link #CONVERGE}, every 100 ms) until {@code server} answers {@code name} {@code rcode}. */
    static boolean awaitRcode(InetSocketAddress server, String name, int rcode) throws InterruptedException {
        long deadline = System.nanoTime() + CONVERGE.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Message> reply = LoopbackClient.udp(server, TestQueries.query(name, Type.A));
            if (reply.isPresent() && reply.get().getRcode() == rcode) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

}
