package dev.jdns.authoritative;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * The zones one server answers for, immutable: replace the whole catalog to reload. Finds the zone that answers
 * a question: the deepest one containing the name, so a child served beside its parent answers for its own
 * names, except DS at the child's apex, which belongs to the parent (RFC 4035 §3.1.4.1).
 */
public final class ZoneCatalog {

    private final Map<Name, LoadedZone> byOrigin;

    private ZoneCatalog(Map<Name, LoadedZone> byOrigin) {
        this.byOrigin = Map.copyOf(byOrigin);
    }

    /** A catalog of {@code zones}; two zones with the same origin are a configuration error. */
    public static ZoneCatalog of(Collection<LoadedZone> zones) {
        Map<Name, LoadedZone> byOrigin = new HashMap<>();
        for (LoadedZone zone : zones) {
            LoadedZone previous = byOrigin.putIfAbsent(zone.origin(), zone);
            if (previous != null) {
                throw new IllegalArgumentException("zone " + zone.origin() + " loaded twice: from "
                        + previous.source() + " and " + zone.source());
            }
        }
        return new ZoneCatalog(byOrigin);
    }

    public static ZoneCatalog empty() {
        return new ZoneCatalog(Map.of());
    }

    /** This catalog with {@code zone} added, or replacing the zone with the same origin (a reload). */
    public ZoneCatalog with(LoadedZone zone) {
        Map<Name, LoadedZone> copy = new HashMap<>(byOrigin);
        copy.put(zone.origin(), zone);
        return new ZoneCatalog(copy);
    }

    /**
     * The zone that answers ({@code qname}, {@code qtype}), or empty when no zone contains the name (the server
     * then answers REFUSED).
     */
    public Optional<LoadedZone> zoneFor(Name qname, int qtype) {
        Optional<LoadedZone> deepest = enclosingZone(qname);
        boolean dsAtApex = qtype == Type.DS && deepest.isPresent() && deepest.get().origin().equals(qname);
        if (dsAtApex && !qname.equals(Name.root)) {
            Optional<LoadedZone> parent = enclosingZone(new Name(qname, 1));
            if (parent.isPresent()) {
                return parent;
            }
        }
        return deepest;
    }

    /** The zone with exactly this origin. */
    public Optional<LoadedZone> zone(Name origin) {
        return Optional.ofNullable(byOrigin.get(origin));
    }

    public List<LoadedZone> zones() {
        return List.copyOf(byOrigin.values());
    }

    public int size() {
        return byOrigin.size();
    }

    /** The zone with the longest origin that is {@code name} or an ancestor of it. */
    private Optional<LoadedZone> enclosingZone(Name name) {
        for (int strip = 0; strip < name.labels(); strip++) {
            LoadedZone zone = byOrigin.get(strip == 0 ? name : new Name(name, strip));
            if (zone != null) {
                return Optional.of(zone);
            }
        }
        return Optional.empty();
    }
}
