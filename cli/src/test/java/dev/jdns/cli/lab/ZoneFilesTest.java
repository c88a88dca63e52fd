package dev.jdns.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jdns.authoritative.LoadedZone;
import dev.jdns.authoritative.ZoneLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Type;

/**
 * zones/ holds files that BIND's own checker accepts without a warning, and the features the
 * lab is meant to show (root servers, TLDs, record types, wildcard, sub-delegation, glueless NS, reverse zone, TTLs).
 */
class ZoneFilesTest {

    private static final String CHECKER = "/usr/bin/named-checkzone";

    /**
     * named-checkzone with every check an error. {@code -i local}: out-of-zone targets are not looked up, since
     * that would send queries for the lab's names to the machine's real resolver.
     */
    @Test
    void namedCheckzoneAcceptsEveryZoneWithoutWarnings() throws Exception {
        boolean inCi = "true".equals(System.getenv("CI"));
        assumeTrue(inCi || Files.isExecutable(Path.of(CHECKER)),
                "skipped: " + CHECKER + " is not installed (Debian package bind9-utils)");
        for (Path file : zoneFiles()) {
            String origin = ZoneLoader.originFromFileName(file).orElseThrow().toString();
            Process checker = new ProcessBuilder(CHECKER, "-i", "local", "-k", "fail", "-m", "fail", "-M", "fail",
                    "-n", "fail", "-S", "fail", "-r", "fail", origin, file.toString())
                    .redirectErrorStream(true).start();
            assertTrue(checker.waitFor(30, TimeUnit.SECONDS), "named-checkzone hung on " + file);
            String output = new String(checker.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, checker.exitValue(), file + ": " + output);
            assertFalse(output.toLowerCase().contains("warning"), file + ": " + output);
        }
    }

    @Test
    void theInternetHasWhatTheLabTeaches() throws Exception {
        Topology topology = Topology.load(Checkout.zones());
        List<Record> records = topology.allRecords();
        Set<Integer> types = records.stream().map(Record::getType).collect(Collectors.toSet());
        assertTrue(types.containsAll(Set.of(Type.A, Type.AAAA, Type.MX, Type.TXT, Type.SRV, Type.CAA, Type.CNAME,
                Type.PTR)), "record types: " + types);
        assertTrue(records.stream().anyMatch(r -> r.getName().isWild()), "a wildcard");
        assertTrue(records.stream().anyMatch(r -> r.getTTL() <= 30), "a short TTL that shows expiry");
        long rootServers = topology.servers().stream().filter(s -> s.origins().contains(Name.root)).count();
        assertTrue(rootServers >= 2, "root servers: " + rootServers);
        long tlds = topology.zones().stream().filter(z -> z.origin().labels() == 2).count();
        assertTrue(tlds >= 3, "TLDs: " + tlds);
        long domains = topology.zones().stream().filter(z -> z.origin().labels() >= 3)
                .filter(z -> !z.origin().toString().endsWith(".arpa.")).count();
        assertTrue(domains >= 6, "domains: " + domains);
    }

    @Test
    void everyServerHasAPtr() throws Exception {
        Topology topology = Topology.load(Checkout.zones());
        Set<Name> ptrOwners = topology.allRecords().stream().filter(r -> r instanceof PTRRecord)
                .map(Record::getName).collect(Collectors.toSet());
        for (SimulatedServer server : topology.servers()) {
            assertTrue(ptrOwners.contains(ReverseMap.fromAddress(server.address())), "PTR for " + server);
        }
    }

    /** The chain the lab shows first: shop.example.com. -> shopfront.net. -> edgecdn.org., whose NS is in net. */
    @Test
    void theLongestChainCrossesTldsAndEndsBehindAGluelessDelegation() throws Exception {
        Topology topology = Topology.load(Checkout.zones());
        assertEquals(Name.fromString("shop.example.com."),
                LabExamples.chainStart(topology.allRecords()).orElseThrow());
        LoadedZone org = topology.zones().stream().filter(z -> z.origin().toString().equals("org.")).findFirst()
                .orElseThrow();
        Name edgecdn = Name.fromString("edgecdn.org.");
        Name nameServer = org.nameServers(edgecdn).iterator().next();
        assertFalse(nameServer.subdomain(Name.fromString("org.")), "NS of edgecdn.org. lives in another TLD");
        assertTrue(org.addressesOf(nameServer).isEmpty(), "and org. holds no glue for it");
        assertTrue(org.isZoneCut(Name.fromString("example.org.")));
    }

    private static List<Path> zoneFiles() throws IOException {
        try (Stream<Path> listing = Files.list(Checkout.zones())) {
            return listing.filter(p -> p.getFileName().toString().endsWith(".zone")).sorted().toList();
        }
    }
}
