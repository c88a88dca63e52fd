package dev.jdns.cli.lab;

import dev.jdns.authoritative.LoadedZone;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;

/**
 * The {@link DnssecCase} zones of {@code jdns lab --dnssec}, unsigned yet: one per case, named
 * {@code <case>.<parent>}, each delegated from the parent to a server of their own, {@value #SERVER_LABEL}.PARENT,
 * at a free address of the lab's subnet (host {@value #SERVER_HOST}, else the next free one). The parent is the
 * first second-level zone ({@code example.com.} in the lab's zones), else the first zone below the root, else the
 * root: any set of zones gets the cases. Their own server keeps the parent's servers answering only for it, as on
 * the internet, so each chain of trust has its zone cut where the resolver sees it.
 */
final class DemoZones {

    static final String SERVER_LABEL = "ns-dnssec";
    static final int SERVER_HOST = 200;
    private static final long TTL = 3600;

    private final List<LoadedZone> zones;
    private final List<LabSigner.Case> cases;

    private DemoZones(List<LoadedZone> zones, List<LabSigner.Case> cases) {
        this.zones = List.copyOf(zones);
        this.cases = List.copyOf(cases);
    }

    /** The zones of {@code topology} with the case zones added and delegated from their parent. */
    static DemoZones under(Topology topology) {
        LoadedZone parent = parentZone(topology.zones());
        Name server = name(SERVER_LABEL, parent.origin());
        Inet4Address address = topology.freeHost(SERVER_HOST);
        List<Record> delegations = new ArrayList<>();
        delegations.add(new ARecord(server, DClass.IN, TTL, address));
        List<LoadedZone> zones = new ArrayList<>();
        List<LabSigner.Case> cases = new ArrayList<>();
        for (DnssecCase kind : DnssecCase.values()) {
            Name origin = name(kind.label(), parent.origin());
            delegations.add(new NSRecord(origin, DClass.IN, TTL, server));
            zones.add(caseZone(kind, origin, server, address, topology));
            cases.add(new LabSigner.Case(kind, origin));
        }
        for (LoadedZone zone : topology.zones()) {
            zones.add(zone == parent ? withRecords(zone, delegations) : zone);
        }
        return new DemoZones(zones, cases);
    }

    /** The first second-level zone, else the first below the root, else the root (zones are in canonical order). */
    private static LoadedZone parentZone(List<LoadedZone> zones) {
        return zones.stream().filter(z -> z.origin().labels() == 3).findFirst()
                .or(() -> zones.stream().filter(z -> !z.origin().equals(Name.root)).findFirst())
                .orElse(zones.getFirst());
    }

    /** SOA, NS, an apex TXT that says what the case shows, and {@code www} at the case server's address. */
    private static LoadedZone caseZone(DnssecCase kind, Name origin, Name server, Inet4Address address,
            Topology topology) {
        List<Record> records = List.of(
                new SOARecord(origin, DClass.IN, TTL, server, name("hostmaster", origin), 1, 3600, 600, 86400, 300),
                new NSRecord(origin, DClass.IN, TTL, server),
                new TXTRecord(origin, DClass.IN, TTL, "jdns lab --dnssec: " + kind.shows()),
                new ARecord(www(origin), DClass.IN, TTL, address));
        String file = origin.toString() + "zone";
        return LoadedZone.build(origin, topology.directory().resolve(file), records);
    }

    private static LoadedZone withRecords(LoadedZone zone, List<Record> added) {
        List<Record> records = new ArrayList<>(Topology.recordsOf(zone));
        records.addAll(added);
        return LoadedZone.build(zone.origin(), zone.source(), records);
    }

    /** The name each case breaks. */
    static Name www(Name zone) {
        return name("www", zone);
    }

    private static Name name(String label, Name parent) {
        try {
            return Name.concatenate(Name.fromString(label), parent);
        } catch (TextParseException | org.xbill.DNS.NameTooLongException e) {
            throw new IllegalArgumentException("cannot make " + label + "." + parent + ": " + e.getMessage(), e);
        }
    }

    List<LoadedZone> zones() {
        return zones;
    }

    List<LabSigner.Case> cases() {
        return cases;
    }
}
