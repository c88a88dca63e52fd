package dev.jdns.cli.lab;

import dev.jdns.authoritative.LoadedZone;
import dev.jdns.resolver.RootHints;
import dev.jdns.resolver.cache.NameServer;
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
 * Checks that the zones agree with each other, so that the topology derived from them is what a resolver would
 * find by walking down from the root: each zone is delegated by its parent with the same NS set as its apex
 * (RFC 1034 §4.2.2: the parent's and the child's NS records should match), and the root hints name the root
 * zone's servers at their glue addresses.
 */
final class ZoneConsistency {

    private ZoneConsistency() {}

    static void checkDelegations(List<LoadedZone> zones) throws TopologyException {
        Map<Name, LoadedZone> byOrigin = new HashMap<>();
        zones.forEach(zone -> byOrigin.put(zone.origin(), zone));
        if (!byOrigin.containsKey(Name.root)) {
            throw new TopologyException("no root zone (root.zone): the lab's internet needs a root");
        }
        for (LoadedZone zone : zones) {
            if (zone.origin().equals(Name.root)) {
                continue;
            }
            LoadedZone parent = closestAncestor(zone.origin(), byOrigin).orElseThrow();
            Set<Name> delegated = Topology.nameServers(parent.rrset(zone.origin(), Type.NS));
            if (delegated.isEmpty()) {
                throw new TopologyException("zone " + zone.origin() + " (" + zone.source().getFileName()
                        + ") is not delegated from its parent " + parent.origin() + ": no resolver would find it");
            }
            Set<Name> apex = Topology.apexNameServers(zone);
            if (!delegated.equals(apex)) {
                throw new TopologyException("zone " + zone.origin() + ": its apex NS " + apex
                        + " differ from the delegation " + delegated + " in " + parent.origin());
            }
        }
    }

    /** The loaded zone with the longest origin strictly above {@code origin}; the root is always there. */
    private static Optional<LoadedZone> closestAncestor(Name origin, Map<Name, LoadedZone> byOrigin) {
        for (int strip = 1; strip < origin.labels(); strip++) {
            LoadedZone zone = byOrigin.get(new Name(origin, strip));
            if (zone != null) {
                return Optional.of(zone);
            }
        }
        return Optional.empty();
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
