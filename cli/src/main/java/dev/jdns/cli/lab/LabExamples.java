package dev.jdns.cli.lab;

import dev.jdns.authoritative.LoadedZone;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Type;

/**
 * Queries worth trying on a topology, found in its zones rather than hard-coded, so that another set of zones
 * gets examples that work: the longest CNAME chain, a domain's mail servers, and a reverse lookup.
 */
public final class LabExamples {

    /** One query: dig-style arguments ("example.com MX", "-x 172.30.53.10") and what it shows. */
    public record Example(String query, String shows) {}

    /** Chains longer than this are loops or mistakes, not examples. */
    private static final int MAX_CHAIN = 16;

    private LabExamples() {}

    public static List<Example> of(Topology topology) {
        List<Record> records = topology.allRecords();
        return List.of(
                chainStart(records).map(name -> new Example(name.toString(true),
                        "a CNAME chain across zones, then the address")).orElse(
                        new Example(topology.servers().getFirst().displayName(), "a server's address")),
                mailDomain(topology).map(name -> new Example(name.toString(true) + " MX", "mail servers"))
                        .orElse(new Example(". NS", "the root servers")),
                reverseExample(topology, records));
    }

    /** A zone to take servers away from: its primary, its secondary, and an address record to ask for. */
    public record Failover(Name zone, SimulatedServer primary, SimulatedServer secondary, Name query) {}

    /**
     * The first domain (not a TLD, not reverse) with a secondary and a {@code www} address, else its apex address;
     * example.com. in the lab's zones.
     */
    public static Optional<Failover> failover(Topology topology) {
        for (LoadedZone zone : topology.zones()) {
            List<SimulatedServer> secondaries = topology.secondariesOf(zone);
            if (zone.origin().labels() < 3 || zone.origin().toString().endsWith(".arpa.") || secondaries.isEmpty()) {
                continue;
            }
            Name www = DemoZones.www(zone.origin());
            Optional<Name> query = zone.rrset(www, Type.A).map(set -> www)
                    .or(() -> zone.rrset(zone.origin(), Type.A).map(set -> zone.origin()));
            if (query.isPresent()) {
                return Optional.of(new Failover(zone.origin(), topology.primaryOf(zone), secondaries.getFirst(),
                        query.get()));
            }
        }
        return Optional.empty();
    }

    /** The owner of the longest CNAME chain (ties: the first in name order); wildcard owners are skipped. */
    public static Optional<Name> chainStart(List<Record> records) {
        Map<Name, Name> aliases = new HashMap<>();
        for (Record record : records) {
            if (record instanceof CNAMERecord cname && !record.getName().isWild()) {
                aliases.put(cname.getName(), cname.getTarget());
            }
        }
        Name best = null;
        int bestLength = 0;
        for (Name owner : aliases.keySet().stream().sorted().toList()) {
            int length = chainLength(owner, aliases);
            if (length > bestLength) {
                best = owner;
                bestLength = length;
            }
        }
        return Optional.ofNullable(best);
    }

    /** How many aliases are followed from {@code owner}. */
    private static int chainLength(Name owner, Map<Name, Name> aliases) {
        int length = 0;
        Name name = owner;
        while (aliases.containsKey(name) && length < MAX_CHAIN) {
            name = aliases.get(name);
            length++;
        }
        return length;
    }

    private static Optional<Name> mailDomain(Topology topology) {
        return topology.zones().stream()
                .filter(zone -> zone.rrset(zone.origin(), Type.MX).isPresent())
                .map(LoadedZone::origin)
                .findFirst();
    }

    /** A server address that has a PTR record, or else the first server's address. */
    private static Example reverseExample(Topology topology, List<Record> records) {
        InetAddress address = topology.servers().stream()
                .map(SimulatedServer::address)
                .filter(a -> records.stream().anyMatch(r -> r instanceof PTRRecord
                        && r.getName().equals(ReverseMap.fromAddress(a))))
                .findFirst()
                .orElse(topology.servers().getFirst().address());
        return new Example("-x " + address.getHostAddress(), "reverse lookup (PTR)");
    }
}
