package dev.jdns.cli.lab;

import dev.jdns.authoritative.LoadedZone;
import dev.jdns.resolver.cache.NameServer;
import dev.jdns.resolver.core.RootHints;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * What the lab needs beyond what {@code jdns check} verifies of any set of zones ({@code ZoneSetChecks}): a root
 * zone to start from, and root hints that name the root zone's servers at their glue addresses.
 */
final class ZoneConsistency {

    private ZoneConsistency() {}

    /** The lab's internet is walked down from the root, so the root zone must be among the zones. */
    static void requireRoot(List<LoadedZone> zones) throws TopologyException {
        if (zones.stream().noneMatch(zone -> zone.origin().equals(Name.root))) {
            throw new TopologyException("no root zone (root.zone): the lab's internet needs a root");
        }
    }

    /** The hints must list exactly the root zone's apex NS names, each at its address in the zones. */
    static void checkRootHints(Path file, List<LoadedZone> zones, List<SimulatedServer> servers)
            throws TopologyException {
        RootHints hints;
        try {
            hints = RootHints.load(file);
        } catch (IOException e) {
            throw new TopologyException(e.getMessage(), e); // RootHints names the file
        }
        Map<Name, List<InetAddress>> expected = new HashMap<>();
        LoadedZone root = zones.stream().filter(z -> z.origin().equals(Name.root)).findFirst().orElseThrow();
        for (SimulatedServer server : servers) {
            if (server.zones().contains(root)) {
                expected.put(server.name(), List.of(server.address()));
            }
        }
        Map<Name, List<InetAddress>> actual = new HashMap<>();
        for (NameServer server : hints.servers()) {
            actual.put(server.name(), server.addresses());
        }
        if (!actual.equals(expected)) {
            throw new TopologyException(file + " lists " + describe(actual) + " but root.zone says "
                    + describe(expected) + "; make them agree");
        }
    }

    private static String describe(Map<Name, List<InetAddress>> servers) {
        return servers.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue().stream().map(InetAddress::getHostAddress).toList())
                .sorted()
                .toList()
                .toString();
    }
}
