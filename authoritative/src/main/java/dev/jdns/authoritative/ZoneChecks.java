package dev.jdns.authoritative;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The load-time checks of {@code named-checkzone} and {@code kzonecheck} that make a zone unservable, each
 * reported at the file and line of the record at fault. Records outside the zone are reported, not dropped as
 * dnsjava's {@code Zone} would; so are records of a class other than the zone's.
 */
final class ZoneChecks {

    /** Types allowed beside a CNAME: RFC 2181 §10.1 and the DNSSEC exception of RFC 4035 §2.5. */
    private static final Set<Integer> ALLOWED_BESIDE_CNAME = Set.of(Type.CNAME, Type.RRSIG, Type.NSEC);

    private static final Comparator<ZoneLoadException.Problem> BY_LOCATION = Comparator
            .comparing((ZoneLoadException.Problem p) -> p.where().file().toString())
            .thenComparingInt(p -> p.where().line());

    /**
     * The class of every zone this server loads: it answers class IN from zones and CHAOS identity from built-in
     * data, and refuses every other class.
     */
    static final int ZONE_CLASS = DClass.IN;

    private final Name apex;
    private final Path file;
    private final Map<Name, List<SourcedRecord>> byOwner = new LinkedHashMap<>();
    private final List<ZoneLoadException.Problem> problems = new ArrayList<>();

    private ZoneChecks(Name apex, Path file, List<SourcedRecord> records) {
        this.apex = apex;
        this.file = file;
        for (SourcedRecord r : records) {
            if (r.record().getDClass() != ZONE_CLASS) {
                // RFC 1035 §5.2: all RRs in a master file have one class. Kept out of the index so the other
                // checks see only the zone's data (and dnsjava never meets two classes in one RRset).
                report(r, describe(r) + " has class " + DClass.string(r.record().getDClass())
                        + ", not the zone's class " + DClass.string(ZONE_CLASS) + " (RFC 1035 §5.2)");
            } else if (r.record().getName().subdomain(apex)) {
                byOwner.computeIfAbsent(r.record().getName(), n -> new ArrayList<>()).add(r);
            } else {
                report(r, describe(r) + " is outside the zone " + apex);
            }
        }
    }

    /** All problems of a zone with apex {@code apex} read from {@code file}, in file and line order. */
    static List<ZoneLoadException.Problem> check(Name apex, Path file, List<SourcedRecord> records) {
        ZoneChecks checks = new ZoneChecks(apex, file, records);
        checks.checkApex();
        Set<Name> dnameOwners = checks.dnameOwners();
        checks.byOwner.forEach((owner, rrs) -> {
            checks.checkCname(owner, rrs);
            checks.checkDname(owner, rrs);
            checks.checkBelowDname(owner, rrs, dnameOwners);
        });
        checks.checkGlue();
        checks.problems.sort(BY_LOCATION);
        return List.copyOf(checks.problems);
    }

    /** Exactly one SOA, at the apex, and NS records there (RFC 1035 §5.2, RFC 1034 §4.2.1). */
    private void checkApex() {
        List<SourcedRecord> soas = allOfType(Type.SOA);
        List<SourcedRecord> apexRecords = byOwner.getOrDefault(apex, List.of());
        if (soas.isEmpty()) {
            problems.add(new ZoneLoadException.Problem(SourceLocation.of(file),
                    "no SOA record at the zone apex " + apex));
        }
        for (SourcedRecord soa : soas) {
            if (!soa.record().getName().equals(apex)) {
                report(soa, "SOA record at " + soa.record().getName() + " is not at the zone apex " + apex);
            } else if (soa != soas.get(0)) {
                report(soa, "more than one SOA record (the first is at " + soas.get(0).where() + ")");
            }
        }
        if (apexRecords.stream().noneMatch(r -> r.record().getType() == Type.NS)) {
            SourceLocation where = soas.isEmpty() ? SourceLocation.of(file) : soas.get(0).where();
            problems.add(new ZoneLoadException.Problem(where, "no NS records at the zone apex " + apex));
        }
    }

    /** A CNAME is the only data at its name (RFC 1034 §3.6.2, RFC 2181 §10.1), and there is only one. */
    private void checkCname(Name owner, List<SourcedRecord> rrs) {
        List<SourcedRecord> cnames = distinctOfType(rrs, Type.CNAME);
        if (cnames.isEmpty()) {
            return;
        }
        if (cnames.size() > 1) {
            report(cnames.get(1), "more than one CNAME at " + owner + " (RFC 1034 §3.6.2)");
        }
        Set<String> others = new TreeSet<>();
        for (SourcedRecord r : rrs) {
            if (!ALLOWED_BESIDE_CNAME.contains(r.record().getType())) {
                others.add(Type.string(r.record().getType()));
            }
        }
        if (!others.isEmpty()) {
            report(cnames.get(0), "CNAME at " + owner + " beside other data " + others + " (RFC 1034 §3.6.2)");
        }
    }

    /** A DNAME is a singleton and cannot share its name with a CNAME (RFC 6672 §2.4). */
    private void checkDname(Name owner, List<SourcedRecord> rrs) {
        List<SourcedRecord> dnames = distinctOfType(rrs, Type.DNAME);
        if (dnames.size() > 1) {
            report(dnames.get(1), "more than one DNAME at " + owner + " (RFC 6672 §2.4)");
        }
        if (!dnames.isEmpty() && rrs.stream().anyMatch(r -> r.record().getType() == Type.CNAME)) {
            report(dnames.get(0), "DNAME at " + owner + " beside a CNAME (RFC 6672 §2.4)");
        }
    }

    /** A DNAME owner has no descendants: they could never be reached (RFC 6672 §2.4). */
    private void checkBelowDname(Name owner, List<SourcedRecord> rrs, Set<Name> dnameOwners) {
        for (Name n = owner; !n.equals(apex); ) {
            n = new Name(n, 1);
            if (dnameOwners.contains(n)) {
                report(rrs.get(0), "name " + owner + " is below the DNAME at " + n + " (RFC 6672 §2.4)");
                return;
            }
        }
    }

    /** An NS target inside the zone needs an address here, or nobody can reach it (glue, RFC 1034 §4.2.1). */
    private void checkGlue() {
        Set<Name> reported = new HashSet<>();
        for (SourcedRecord ns : allOfType(Type.NS)) {
            Name target = ((NSRecord) ns.record()).getTarget();
            if (target.subdomain(apex) && !hasAddress(target) && reported.add(target)) {
                report(ns, "NS target " + target + " is inside the zone but has no A or AAAA record (missing glue)");
            }
        }
    }

    private Set<Name> dnameOwners() {
        Set<Name> owners = new HashSet<>();
        allOfType(Type.DNAME).forEach(r -> owners.add(r.record().getName()));
        return owners;
    }

    private boolean hasAddress(Name name) {
        return byOwner.getOrDefault(name, List.of()).stream()
                .anyMatch(r -> r.record().getType() == Type.A || r.record().getType() == Type.AAAA);
    }

    private List<SourcedRecord> allOfType(int type) {
        List<SourcedRecord> out = new ArrayList<>();
        byOwner.values().forEach(rrs -> out.addAll(distinctOfType(rrs, type)));
        return out;
    }

    /** Records of one type with exact duplicates dropped (a repeated line is not a second CNAME). */
    private static List<SourcedRecord> distinctOfType(List<SourcedRecord> rrs, int type) {
        Set<Record> seen = new LinkedHashSet<>();
        List<SourcedRecord> out = new ArrayList<>();
        for (SourcedRecord r : rrs) {
            if (r.record().getType() == type && seen.add(r.record())) {
                out.add(r);
            }
        }
        return out;
    }

    /** "record www.example.com. A" */
    private static String describe(SourcedRecord r) {
        return "record " + r.record().getName() + " " + Type.string(r.record().getType());
    }

    private void report(SourcedRecord at, String reason) {
        problems.add(new ZoneLoadException.Problem(at.where(), reason));
    }
}
