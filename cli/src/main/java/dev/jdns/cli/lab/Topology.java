package dev.jdns.cli.lab;

import dev.jdns.authoritative.LoadedZone;
import dev.jdns.authoritative.ZoneLoadException;
import dev.jdns.authoritative.ZoneSetChecks;
import dev.jdns.authoritative.ZoneStore;
import dev.jdns.transport.Cidr;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The simulated internet as a folder of zone files describes it, and nothing else: every NS target named at a
 * zone apex is a server, its address is the A record that glue or its own zone gives it, and it serves every zone
 * whose apex names it, the way a resolver discovers servers on the internet (RFC 1034 §4.2). {@code jdns lab},
 * {@code jdns lab --compose} and the namespace test all start from this one description.
 */
public final class Topology {

    /** The resolver's root hints, named.root format, next to the zone files. */
    public static final String ROOT_HINTS = "root.hints";
    /** The resolver's hosts file, next to the zone files. */
    public static final String HOSTS = "hosts";
    /** Optional: the resolver's response policy zone. */
    public static final String POLICY = "policy.rpz";
    /** Every server lives on one IPv4 /24: the single user-defined docker-compose network. */
    public static final int SUBNET_PREFIX = 24;

    private final Path directory;
    private final List<LoadedZone> zones;
    private final List<SimulatedServer> servers;
    private final Cidr subnet;

    private Topology(Path directory, List<LoadedZone> zones, List<SimulatedServer> servers, Cidr subnet) {
        this.directory = directory;
        this.zones = List.copyOf(zones);
        this.servers = List.copyOf(servers);
        this.subnet = subnet;
    }

    /**
     * Reads every {@code *.zone} file in {@code directory} (plus its {@code root.hints} and {@code hosts}) and
     * derives the servers.
     *
     * @throws TopologyException when a zone does not load or the zones do not make one consistent internet
     */
    public static Topology load(Path directory) throws TopologyException {
        Path dir = directory.toAbsolutePath().normalize();
        return of(dir, checkedZones(dir));
    }

    /**
     * The servers that {@code zones} describe, with the root hints and hosts file of {@code dir}: for zones made
     * from those of a folder (the lab's signed internet, {@link LabSigner}).
     */
    static Topology of(Path dir, List<LoadedZone> zones) throws TopologyException {
        ZoneConsistency.requireRoot(zones);
        List<SimulatedServer> servers = new ArrayList<>();
        for (Map.Entry<Name, List<LoadedZone>> entry : zonesByServer(zones).entrySet()) {
            servers.add(new SimulatedServer(entry.getKey(), addressOf(entry.getKey(), entry.getValue(), zones),
                    entry.getValue()));
        }
        servers.sort(Comparator.comparing(server -> server.address().getAddress(), Arrays::compareUnsigned));
        requireOwnAddresses(servers);
        Cidr subnet = commonSubnet(servers);
        ZoneConsistency.checkRootHints(dir.resolve(ROOT_HINTS), zones, servers);
        if (!Files.isRegularFile(dir.resolve(HOSTS))) {
            throw new TopologyException(dir.resolve(HOSTS) + ": missing (the lab resolver's hosts file)");
        }
        return new Topology(dir, zones, servers, subnet);
    }

    /**
     * The zones of {@code dir}, loaded and checked against each other as {@code jdns check} does (parents delegate
     * their children with the children's NS sets, glue agrees, no alias dangles): the lab's internet must be the
     * one a resolver walking down from the root would find.
     */
    private static List<LoadedZone> checkedZones(Path dir) throws TopologyException {
        ZoneSetChecks.Report report;
        try {
            report = ZoneSetChecks.check(ZoneStore.zoneFilesToLoad(List.of(dir)));
        } catch (IOException e) {
            throw new TopologyException(e.getMessage(), e);
        }
        List<ZoneLoadException.Problem> problems = report.problems();
        if (!problems.isEmpty()) {
            String more = problems.size() == 1 ? "" : " (and " + (problems.size() - 1) + " more: jdns check " + dir
                    + " lists them)";
            throw new TopologyException(problems.get(0) + more);
        }
        return report.zones().stream().sorted(Comparator.comparing(LoadedZone::origin)).toList();
    }

    /** NS target -> the zones whose apex NS RRset names it, in zone order (root first). */
    private static Map<Name, List<LoadedZone>> zonesByServer(List<LoadedZone> zones) {
        Map<Name, List<LoadedZone>> byServer = new LinkedHashMap<>();
        for (LoadedZone zone : zones) {
            for (Name server : apexNameServers(zone)) {
                byServer.computeIfAbsent(server, name -> new ArrayList<>()).add(zone);
            }
        }
        return byServer;
    }

    /** The targets of the NS RRset at the zone's apex (the loader guarantees there is one). */
    static Set<Name> apexNameServers(LoadedZone zone) {
        return zone.nameServers(zone.origin());
    }

    /**
     * The one IPv4 address that the zones give {@code server}: its A records, wherever they are (glue in a parent,
     * or authoritative data in its own zone). None, or two different ones, make the lab ambiguous.
     */
    private static Inet4Address addressOf(Name server, List<LoadedZone> served, List<LoadedZone> zones)
            throws TopologyException {
        Set<InetAddress> addresses = new LinkedHashSet<>();
        for (LoadedZone zone : zones) {
            if (zone.contains(server)) {
                zone.rrset(server, Type.A).ifPresent(set -> set.records()
                        .forEach(r -> addresses.add(((ARecord) r).getAddress())));
            }
        }
        String servedZones = served.stream().map(z -> z.origin().toString()).distinct().toList().toString();
        if (addresses.isEmpty()) {
            throw new TopologyException("name server " + server + " (of " + servedZones
                    + ") has no A record in any zone: the lab cannot tell where it lives");
        }
        if (addresses.size() > 1) {
            throw new TopologyException("name server " + server + " has several addresses " + addresses
                    + " in the zones; the lab runs one server per address, give it one");
        }
        return (Inet4Address) addresses.iterator().next();
    }

    /** One container (or loopback socket) per server: two names on one address would be one host. */
    private static void requireOwnAddresses(List<SimulatedServer> servers) throws TopologyException {
        Map<InetAddress, Name> seen = new LinkedHashMap<>();
        for (SimulatedServer server : servers) {
            Name other = seen.putIfAbsent(server.address(), server.name());
            if (other != null) {
                throw new TopologyException("name servers " + other + " and " + server.name() + " share the address "
                        + server.address().getHostAddress() + "; give each its own");
            }
        }
    }

    /** The /24 that holds most servers (the first such, by address); a server outside it is an error. */
    private static Cidr commonSubnet(List<SimulatedServer> servers) throws TopologyException {
        if (servers.isEmpty()) {
            throw new TopologyException("the zones name no name servers");
        }
        Map<Cidr, Long> counts = servers.stream().collect(Collectors.groupingBy(
                server -> new Cidr(server.address().getAddress(), SUBNET_PREFIX), LinkedHashMap::new,
                Collectors.counting()));
        Cidr subnet = Collections.max(counts.entrySet(), Map.Entry.comparingByValue()).getKey();
        for (SimulatedServer server : servers) {
            if (!subnet.contains(server.address())) {
                throw new TopologyException("name server " + server.name() + " at "
                        + server.address().getHostAddress() + " is outside " + subnet
                        + ": every server must be on the one /24 of the compose network");
            }
        }
        return subnet;
    }

    /** The folder the zones came from (absolute). */
    public Path directory() {
        return directory;
    }

    public Path rootHints() {
        return directory.resolve(ROOT_HINTS);
    }

    public Path hostsFile() {
        return directory.resolve(HOSTS);
    }

    /** The lab resolver's response policy zone, {@value #POLICY} in the folder, when there is one. */
    public Optional<Path> policyFile() {
        Path file = directory.resolve(POLICY);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /** Every zone, root first. */
    public List<LoadedZone> zones() {
        return zones;
    }

    /** Every server, by address. */
    public List<SimulatedServer> servers() {
        return servers;
    }

    /** The server that {@code zone} is transferred from: its primary, or the first of its servers. */
    public SimulatedServer primaryOf(LoadedZone zone) {
        return servers.stream()
                .filter(server -> server.zones().contains(zone) && !server.isSecondaryFor(zone))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(zone.origin() + " is not served in the lab"));
    }

    /** The servers that transfer {@code zone} from its primary. */
    public List<SimulatedServer> secondariesOf(LoadedZone zone) {
        return servers.stream().filter(server -> server.zones().contains(zone) && server.isSecondaryFor(zone))
                .toList();
    }

    /** The /24 that holds every server address. */
    public Cidr subnet() {
        return subnet;
    }

    /** Host {@code number} of the subnet (172.30.53.0/24 and 53 give 172.30.53.53). */
    public Inet4Address subnetHost(int number) {
        byte[] address = subnet.network();
        address[3] = (byte) number;
        try {
            return (Inet4Address) InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new AssertionError("four octets are always an address", e);
        }
    }

    /** Host {@code preferred} of the subnet, or the next one up that no server uses (never .0, .1 or .255). */
    public Inet4Address freeHost(int preferred) {
        for (int offset = 0; offset < 252; offset++) {
            Inet4Address candidate = subnetHost(2 + Math.floorMod(preferred - 2 + offset, 253));
            if (!isServerAddress(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free address left in " + subnet);
    }

    /** Whether a server of the lab has {@code address}. */
    public boolean isServerAddress(InetAddress address) {
        return servers.stream().anyMatch(server -> server.address().equals(address));
    }

    /** The records of every zone, for deriving examples. */
    List<Record> allRecords() {
        List<Record> out = new ArrayList<>();
        zones.forEach(zone -> out.addAll(recordsOf(zone)));
        return out;
    }

    /** Every record of {@code zone}, RRSIGs as records of their own. */
    static List<Record> recordsOf(LoadedZone zone) {
        List<Record> out = new ArrayList<>();
        for (Name name : zone.owners()) {
            zone.rrsets(name).values().forEach(set -> out.addAll(set.records()));
        }
        return out;
    }
}
