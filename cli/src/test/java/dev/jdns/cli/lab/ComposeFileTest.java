package dev.jdns.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
            assertEquals(server.zoneFiles().size(), service.command().size() - 7);
        }
    }

    @Test
    void theResolverUsesTheZonesHintsAndHostsAndServesTheSubnet() throws Exception {
        ComposeFileReader.ComposeService resolver =
                ComposeFileReader.read(Checkout.composeFile()).get(ComposeFile.RESOLVER_SERVICE);
        assertEquals(List.of("resolver", "--root-hints", "/zones/root.hints", "--hosts", "/zones/hosts",
                "--listen", "172.30.53.53:53", "--allow", "172.30.53.0/24"), resolver.command());
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
