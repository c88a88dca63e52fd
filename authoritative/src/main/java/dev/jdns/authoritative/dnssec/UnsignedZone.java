package dev.jdns.authoritative.dnssec;

import dev.jdns.authoritative.LoadedZone;
import dev.jdns.authoritative.RecordSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * A zone's data as the signer sees it: the records of a {@link LoadedZone} without any DNSSEC records a signer
 * makes (RRSIG, NSEC, NSEC3, NSEC3PARAM: a pre-signed file is signed afresh), with the SOA and DNSKEYs to sign
 * with, owners in canonical order (RFC 4034 section 6.1, which is dnsjava's {@code Name.compareTo}), and each
 * owner classified: authoritative, a zone cut, or occluded below a cut (glue), which is neither signed nor in a
 * denial chain (RFC 4035 section 2.2).
 */
final class UnsignedZone {

    /** What the signer makes itself and therefore never takes from the input. */
    private static final Set<Integer> SIGNER_TYPES = Set.of(Type.RRSIG, Type.NSEC, Type.NSEC3, Type.NSEC3PARAM);

    /** Where an owner stands with respect to zone cuts. */
    enum Kind {
        /** The zone's own data: every RRset is signed. */
        AUTHORITATIVE,
        /** A delegation point: only its DS (and its NSEC) are the parent's to sign (RFC 4035 section 2.2). */
        CUT,
        /** Below a cut (glue, or data of the child): not signed, not in the chain. */
        OCCLUDED
    }

    private final Name origin;
    private final SOARecord soa;
    private final long negativeTtl;
    private final NavigableMap<Name, Map<Integer, RecordSet>> owners;
    private final Map<Name, Kind> kinds;

    private UnsignedZone(Name origin, SOARecord soa, long negativeTtl,
            NavigableMap<Name, Map<Integer, RecordSet>> owners) {
        this.origin = origin;
        this.soa = soa;
        this.negativeTtl = negativeTtl;
        this.owners = owners;
        this.kinds = classify(origin, owners);
    }

    /**
     * The data of {@code zone} with {@code soa} in place of its SOA and {@code dnskeys} added to the apex DNSKEY
     * RRset (DNSKEYs already in the file stay published: keys being rolled in by hand).
     */
    static UnsignedZone of(LoadedZone zone, SOARecord soa, List<? extends Record> dnskeys) {
        NavigableMap<Name, Map<Integer, RecordSet>> owners = new TreeMap<>();
        for (Name name : zone.names()) {
            Map<Integer, RecordSet> kept = new HashMap<>();
            zone.rrsets(name).forEach((type, set) -> {
                if (!SIGNER_TYPES.contains(type)) {
                    kept.put(type, set);
                }
            });
            if (!kept.isEmpty()) {
                owners.put(name, kept);
            }
        }
        Map<Integer, RecordSet> apex = owners.get(zone.origin());
        apex.put(Type.SOA, RecordSet.of(soa));
        List<Record> keys = new ArrayList<>(dnskeys);
        if (apex.containsKey(Type.DNSKEY)) {
            apex.get(Type.DNSKEY).records().stream().filter(r -> !keys.contains(r)).forEach(keys::add);
        }
        apex.put(Type.DNSKEY, new RecordSet(zone.origin(), Type.DNSKEY, keys));
        return new UnsignedZone(zone.origin(), soa, zone.negativeSoa().getTTL(), owners);
    }

    /** An owner is occluded when a proper ancestor below the apex is a cut; a cut is an owner of NS, not the apex. */
    private static Map<Name, Kind> classify(Name origin, NavigableMap<Name, Map<Integer, RecordSet>> owners) {
        Map<Name, Kind> kinds = new HashMap<>();
        for (Map.Entry<Name, Map<Integer, RecordSet>> entry : owners.entrySet()) {
            Name name = entry.getKey();
            Kind kind = Kind.AUTHORITATIVE;
            for (Name up = name; !up.equals(origin); ) {
                up = new Name(up, 1);
                if (!up.equals(origin) && owners.containsKey(up) && owners.get(up).containsKey(Type.NS)) {
                    kind = Kind.OCCLUDED;
                    break;
                }
            }
            if (kind == Kind.AUTHORITATIVE && !name.equals(origin) && entry.getValue().containsKey(Type.NS)) {
                kind = Kind.CUT;
            }
            kinds.put(name, kind);
        }
        return kinds;
    }

    Name origin() {
        return origin;
    }

    SOARecord soa() {
        return soa;
    }

    /** The TTL of denial records: min(SOA TTL, SOA MINIMUM), RFC 4034 section 4 as updated by RFC 9077. */
    long negativeTtl() {
        return negativeTtl;
    }

    /** Every owner of data, in canonical order. */
    NavigableMap<Name, Map<Integer, RecordSet>> owners() {
        return owners;
    }

    Kind kind(Name owner) {
        return kinds.get(owner);
    }

    /** Whether {@code owner} is a delegation with a DS RRset: a secure delegation. */
    boolean isSecureCut(Name owner) {
        return kind(owner) == Kind.CUT && owners.get(owner).containsKey(Type.DS);
    }

    /** The owners that belong in a denial chain (authoritative names and cuts), in canonical order. */
    List<Name> chainOwners() {
        return owners.keySet().stream().filter(name -> kind(name) != Kind.OCCLUDED).toList();
    }

    /**
     * The RRsets this zone signs at {@code owner}: all of an authoritative name's, the DS of a cut, none of an
     * occluded name's (RFC 4035 section 2.2).
     */
    List<RecordSet> rrsetsToSign(Name owner) {
        Map<Integer, RecordSet> sets = owners.get(owner);
        return switch (kind(owner)) {
            case AUTHORITATIVE -> List.copyOf(sets.values());
            case CUT -> sets.containsKey(Type.DS) ? List.of(sets.get(Type.DS)) : List.of();
            case OCCLUDED -> List.of();
        };
    }
}
