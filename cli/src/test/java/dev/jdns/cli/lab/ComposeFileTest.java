package dev.jdns.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.authoritative.LoadedZone;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker-compose.yml is generated from zones/, and the committed copy must not drift from them. */
class ComposeFileTest {

    @Test
    void theCommittedComposeFileIsTheOneTheZonesGenerate() throws Exception {
        String generated = ComposeFile.generate(Topology.load(Checkout.zones()));
        assertEquals(generated, Files.readString(Checkout.composeFile()),
                "docker-compose.yml is stale: run `./jdns lab --compose > docker-compose.yml` from the checkout");
    }

    @Test
    void oneServicePerServerThenTheResolverAndTheClient() throws Exception {
        Topology topology = Topology.load(Checkout.zones());
        Map<String, ComposeFileReader.ComposeService> services = ComposeFileReader.read(Checkout.composeFile());
        List<String> expected = new ArrayList<>(topology.servers().stream().map(ComposeFile::serviceName).toList());
        expected.addAll(List.of(ComposeFile.RESOLVER_SERVICE, ComposeFile.CLIENT_SERVICE));
        assertEquals(expected, List.copyOf(services.keySet()));
        for (SimulatedServer server : topology.servers()) {
            ComposeFileReader.ComposeService service = services.get(ComposeFile.serviceName(server));
            assertEquals(server.address(), service.address());
            assertEquals("./zones", service.zonesVolume());
            // Named as in `jdns lab` (CHAOS id.server), rate limiting off: the resolver is every server's client.
            assertEquals(List.of("serve", "--listen", server.address().getHostAddress() + ":53",
                    "--identity", server.displayName(), "--rate-limit", "0"), service.command().subList(0, 7));
            List<String> command = service.command();
            List<String> files = server.zoneFiles().stream().map(file -> "/zones/" + file.getFileName()).toList();
            assertEquals(files, command.subList(command.size() - files.size(), command.size()));
            for (LoadedZone zone : server.secondaryZones()) {
                assertTrue(Collections.indexOfSubList(command, List.of("--secondary", zone.origin() + "="
                        + topology.primaryOf(zone).address().getHostAddress())) > 0, command.toString());
            }
            for (LoadedZone zone : server.primaryZones()) {
                for (SimulatedServer secondary : topology.secondariesOf(zone)) {
                    assertTrue(Collections.indexOfSubList(command, List.of("--allow-transfer",
                            secondary.address().getHostAddress() + "/32")) > 0, command.toString());
                }
            }
            assertEquals(!server.secondaryZones().isEmpty(), command.contains("--state-dir"), command.toString());
        }
    }

    /** Every zone of the checkout has a secondary, and the secondary's container waits for its primary's. */
    @Test
    void everyZoneHasASecondaryThatStartsAfterItsPrimary() throws Exception {
        Topology topology = Topology.load(Checkout.zones());
        String text = Files.readString(Checkout.composeFile());
        for (LoadedZone zone : topology.zones()) {
            assertFalse(topology.secondariesOf(zone).isEmpty(), zone.origin().toString());
            for (SimulatedServer secondary : topology.secondariesOf(zone)) {
                String primary = ComposeFile.serviceName(topology.primaryOf(zone));
                assertTrue(block(text, ComposeFile.serviceName(secondary)).contains("    depends_on:\n      "
                        + primary + ":\n        condition: service_healthy\n"), ComposeFile.serviceName(secondary));
            }
        }
    }

    /**
     * Every server and the resolver have a `jdns health` check at their own address, the resolver starts once the
     * servers are healthy and the client once the resolver is. Each server's check asks for a name it serves: run
     * against jdns serve with that server's zones, the same check exits 0 (the root, which it does not serve,
     * would be REFUSED and never healthy).
     */
    @Test
    void everyServiceHasAHealthCheckThatItsServerPasses() throws Exception {
        Topology topology = Topology.load(Checkout.zones());
        String text = Files.readString(Checkout.composeFile());
        Map<String, ComposeFileReader.ComposeService> services = ComposeFileReader.read(Checkout.composeFile());
        for (SimulatedServer server : topology.servers()) {
            List<String> check = healthCheck(text, ComposeFile.serviceName(server));
            assertEquals(List.of("CMD", ComposeFile.LAUNCHER, "health", "--server",
                    server.address().getHostAddress() + ":53", "--name"), check.subList(0, 6));
            List<String> zoneFiles = services.get(ComposeFile.serviceName(server)).command().subList(7,
                    services.get(ComposeFile.serviceName(server)).command().size());
            // A secondary serves its primary's data once transferred: the same files stand in for it here.
            assertEquals(0, HealthAgainstServe.run(server.zones().stream().map(LoadedZone::source).toList(),
                    check.get(6)),
                    ComposeFile.serviceName(server) + " " + zoneFiles);
        }
        assertEquals(List.of("CMD", ComposeFile.LAUNCHER, "health", "--server", "172.30.53.53:53", "--name", "."),
                healthCheck(text, ComposeFile.RESOLVER_SERVICE));
        assertTrue(block(text, ComposeFile.CLIENT_SERVICE).contains(
                "    depends_on:\n      resolver:\n        condition: service_healthy\n"), text);
        for (SimulatedServer server : topology.servers()) {
            assertTrue(block(text, ComposeFile.RESOLVER_SERVICE).contains("      " + ComposeFile.serviceName(server)
                    + ":\n        condition: service_healthy\n"), ComposeFile.serviceName(server));
        }
    }

    /** The text of one service, from its heading to the next. */
    private static String block(String text, String service) {
        int start = text.indexOf("\n  " + service + ":\n");
        int end = text.indexOf("\n  ", text.indexOf('\n', start + 1));
        while (end >= 0 && text.startsWith("\n   ", end)) {
            end = text.indexOf("\n  ", end + 1);
        }
        return text.substring(start, end < 0 ? text.length() : end + 1);
    }

    private static List<String> healthCheck(String text, String service) {
        Matcher test = Pattern.compile("(?m)^      test: \\[(.*)]$").matcher(block(text, service));
        assertTrue(test.find(), service);
        List<String> words = new ArrayList<>();
        Matcher quoted = Pattern.compile("\"([^\"]*)\"").matcher(test.group(1));
        while (quoted.find()) {
            words.add(quoted.group(1));
        }
        return words;
    }

    @Test
    void theResolverUsesTheZonesHintsAndHostsAndServesTheSubnet() throws Exception {
        ComposeFileReader.ComposeService resolver =
                ComposeFileReader.read(Checkout.composeFile()).get(ComposeFile.RESOLVER_SERVICE);
        assertEquals(List.of("resolver", "--root-hints", "/zones/root.hints", "--hosts", "/zones/hosts",
                "--listen", "172.30.53.53:53", "--allow", "172.30.53.0/24", "--serve-stale", "1d"),
                resolver.command());
        ComposeFileReader.ComposeService client =
                ComposeFileReader.read(Checkout.composeFile()).get(ComposeFile.CLIENT_SERVICE);
        assertEquals(List.of("dig", "@172.30.53.53", "shop.example.com"), client.command());
        assertEquals("172.30.53.100", client.address().getHostAddress());
    }

    @Test
    void theResolverMovesWhenAServerTakesItsAddress(@TempDir Path dir) throws Exception {
        Checkout.copyOfZones(dir);
        for (String file : List.of("org.zone", "example.org.zone")) {
            String text = Files.readString(dir.resolve(file));
            Files.writeString(dir.resolve(file), text.replace("172.30.53.70", "172.30.53.53"));
        }
        String compose = ComposeFile.generate(Topology.load(dir));
        assertTrue(compose.contains("\"--listen\", \"172.30.53.54:53\", \"--allow\""), compose);
    }
}
