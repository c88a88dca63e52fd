package dev.jdns.authoritative;

import dev.jdns.authoritative.ZoneLoadException.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Checks across a set of zones that a checker of one zone ({@code named-checkzone}, {@code kzonecheck}, the
 * load-time {@link ZoneChecks}) cannot make, because the fault only shows between two zones served side by side:
 * <ul>
 *   <li>a zone whose closest enclosing zone in the set does not delegate it: no resolver walking down from that
 *       parent would ever find it;</li>
 *   <li>a delegation whose NS set differs from the child's apex NS set (RFC 1034 §4.2.2 says they should match;
 *       RFC 7719 calls a name server that does not serve the zone it is named for "lame"), reported on the side
 *       that lists the extra name;</li>
 *   <li>glue in a parent that disagrees with the addresses the name server's own zone gives it (RFC 1034 §4.2.1:
 *       glue is a copy, and a resolver may use either);</li>
 *   <li>a CNAME whose target is inside a zone of the set but does not exist there (a dangling alias: clients get
 *       NXDOMAIN after following it). Targets in zones outside the set are not judged.</li>
 * </ul>
 * Glue missing for an NS name inside its own zone is a single-zone error already ({@link ZoneChecks}).
 */
public final class ZoneSetChecks {

    private static final Comparator<Problem> BY_LOCATION = Comparator
            .comparing((Problem p) -> p.where().file().toString())
            .thenComparingInt(p -> p.where().line())
            .thenComparing(Problem::reason);

    /** What checking found: the zones that loaded, and every problem in file and line order. */
    public record Report(List<LoadedZone> zones, List<Problem> problems) {
        public Report {
            zones = List.copyOf(zones);
            problems = List.copyOf(problems);
        }
    }

    /** A zone with the records it was built from, so that problems point at a file and line. */
    private record SourcedZone(LoadedZone zone, List<SourcedRecord> records) {
        SourceLocation where(Name owner, int type, Predicate<Record> which) {
            return records.stream()
                    .filter(r -> r.record().getType() == type && r.record().getName().equals(owner))
                    .filter(r -> which.test(r.record()))
                    .map(SourcedRecord::where)
                    .findFirst()
                    .orElse(SourceLocation.of(zone.source()));
        }

        SourceLocation where(Name owner, int type) {
            return where(owner, type, r -> true);
        }
    }

    private final Map<Name, SourcedZone> byOrigin = new LinkedHashMap<>();
    private final List<Problem> problems = new ArrayList<>();
    private ZoneCatalog catalog = ZoneCatalog.empty();

    private ZoneSetChecks() {}

    /**
     * Loads each file on its own (a broken one is reported and left out, the others are still checked against each
     * other), then checks the zones that loaded against each other.
     */
    public static Report check(List<Path> zoneFiles) {
        ZoneSetChecks checks = new ZoneSetChecks();
        for (Path file : zoneFiles) {
            checks.load(file);
        }
        checks.catalog = ZoneCatalog.of(checks.byOrigin.values().stream().map(SourcedZone::zone).toList());
        for (SourcedZone zone : checks.byOrigin.values()) {
            checks.checkDelegation(zone);
            checks.checkAliases(zone);
        }
        checks.problems.sort(BY_LOCATION);
        return new Report(checks.byOrigin.values().stream().map(SourcedZone::zone).toList(), checks.problems);
    }

    private void load(Path file) {
        try {
            List<SourcedRecord> records = new ArrayList<>();
            LoadedZone zone = ZoneLoader.loadWithSources(file, records::addAll);
            SourcedZone previous = byOrigin.putIfAbsent(zone.origin(), new SourcedZone(zone, records));
            if (previous != null) {
                problems.add(new Problem(SourceLocation.of(file), "zone " + zone.origin() + " is also loaded from "
                        + previous.zone().source() + "; only the first is checked"));
            }
        } catch (ZoneLoadException e) {
            problems.addAll(e.problems());
        }
    }

    /** The zone against the closest enclosing zone of the set, its parent as a resolver walking down meets it. */
    private void checkDelegation(SourcedZone child) {
        Name origin = child.zone().origin();
        if (origin.equals(Name.root)) {
            return;
        }
        Optional<SourcedZone> found = enclosing(new Name(origin, 1));
        if (found.isEmpty()) {
            return; // the parent is served elsewhere: nothing to compare with
        }
        SourcedZone parent = found.get();
        Optional<Name> cut = cutAbove(parent.zone(), origin);
        if (cut.isEmpty()) {
            problems.add(new Problem(parent.where(parent.zone().origin(), Type.SOA), "zone " + origin + " ("
                    + child.zone().source() + ") is served but " + parent.zone().origin()
                    + " does not delegate it: no resolver would find it"));
            return;
        }
        if (!cut.get().equals(origin)) {
            return; // delegated to an intermediate zone that is not in the set
        }
        Set<Name> delegated = nameServers(parent.zone(), origin);
        Set<Name> apex = nameServers(child.zone(), origin);
        for (Name ns : delegated) {
            if (!apex.contains(ns)) {
                problems.add(new Problem(parent.where(origin, Type.NS, nsTarget(ns)), parent.zone().origin()
                        + " delegates " + origin + " to " + ns + ", which " + origin + "'s apex NS set " + apex
                        + " does not list (lame delegation, RFC 1034 §4.2.2)"));
            }
        }
        for (Name ns : apex) {
            if (!delegated.contains(ns)) {
                problems.add(new Problem(child.where(origin, Type.NS, nsTarget(ns)), origin + " lists " + ns
                        + " at its apex, which the delegation in " + parent.zone().origin() + " " + delegated
                        + " does not (RFC 1034 §4.2.2)"));
            }
        }
        delegated.forEach(ns -> checkGlue(parent, ns));
    }

    /** Glue for {@code ns} in {@code parent} must give the addresses that the zone serving {@code ns} gives. */
    private void checkGlue(SourcedZone parent, Name ns) {
        Optional<SourcedZone> home = enclosing(ns).filter(z -> z != parent);
        if (home.isEmpty() || cutAbove(home.get().zone(), ns).isPresent()) {
            return; // the name server's own zone is not in the set, or delegates the name further down
        }
        for (int type : new int[] {Type.A, Type.AAAA}) {
            Set<String> glue = addresses(parent.zone(), ns, type);
            Set<String> own = addresses(home.get().zone(), ns, type);
            if (!glue.isEmpty() && !glue.equals(own)) {
                String theirs = own.isEmpty() ? "but " + ns + " has no " + Type.string(type) + " record in its zone"
                        : "differs from " + own + " in its zone";
                problems.add(new Problem(parent.where(ns, type), "glue " + Type.string(type) + " " + glue + " for "
                        + ns + " in " + parent.zone().origin() + " " + theirs + " " + home.get().zone().origin()
                        + " (" + home.get().zone().source() + ")"));
            }
        }
    }

    /** Every CNAME whose target falls inside a zone of the set must point at a name that exists there. */
    private void checkAliases(SourcedZone zone) {
        for (SourcedRecord sourced : zone.records()) {
            if (!(sourced.record() instanceof CNAMERecord cname)) {
                continue;
            }
            Name target = cname.getTarget();
            Optional<LoadedZone> home = catalog.zoneFor(target, Type.CNAME);
            if (home.isPresent()
                    && ZoneLookup.lookup(home.get(), target, Type.CNAME) instanceof LookupResult.NxDomain) {
                problems.add(new Problem(sourced.where(), "CNAME " + cname.getName() + " points at " + target
                        + ", which does not exist in zone " + home.get().origin() + " (" + home.get().source()
                        + "): the alias dangles"));
            }
        }
    }

    private Optional<SourcedZone> enclosing(Name name) {
        return catalog.zoneFor(name, Type.A).map(zone -> byOrigin.get(zone.origin()));
    }

    /** The highest zone cut of {@code zone} at or above {@code name} (below the apex), if any. */
    private static Optional<Name> cutAbove(LoadedZone zone, Name name) {
        for (int strip = name.labels() - zone.origin().labels() - 1; strip >= 0; strip--) {
            Name candidate = new Name(name, strip);
            if (zone.isZoneCut(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Sorted, so that messages list them in a stable order. */
    private static Set<Name> nameServers(LoadedZone zone, Name owner) {
        return new TreeSet<>(zone.nameServers(owner));
    }

    private static Set<String> addresses(LoadedZone zone, Name owner, int type) {
        return zone.rrset(owner, type).map(set -> set.records().stream()
                        .map(Record::rdataToString)
                        .collect(Collectors.toCollection(TreeSet::new)))
                .orElseGet(TreeSet::new);
    }

    private static Predicate<Record> nsTarget(Name target) {
        return r -> r instanceof NSRecord ns && ns.getTarget().equals(target);
    }
}
