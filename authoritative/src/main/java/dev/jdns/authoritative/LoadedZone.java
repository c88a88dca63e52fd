package dev.jdns.authoritative;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * One zone, immutable and indexed once at load time, so lookups never scan and concurrent readers need no
 * locks: the origin, its SOA, a name index (owner -> RRsets by type), every name that exists including empty
 * non-terminals, and the zone cuts. Build it with {@link ZoneLoader}, which checks the data first.
 */
public final class LoadedZone {

    private final Name origin;
    private final Path source;
    private final SOARecord soa;
    private final SOARecord negativeSoa;
    private final OwnerIndex index;
    private final Set<Name> names;
    private final Set<Name> zoneCuts;
    private final ZoneDnssec dnssec;
    private final int recordCount;

    /** @param index owner -> RRsets by type: kept in compact form, read in full for what is derived from it here */
    private LoadedZone(Name origin, Path source, Map<Name, Map<Integer, RecordSet>> index, int recordCount) {
        this.origin = origin;
        this.source = source;
        this.index = OwnerIndex.of(index);
        this.recordCount = recordCount;
        this.soa = (SOARecord) rrset(origin, Type.SOA)
                .orElseThrow(() -> new IllegalArgumentException("no SOA at " + origin))
                .first();
        this.negativeSoa = negativeSoaOf(soa);
        this.names = existingNames(origin, index);
        this.zoneCuts = zoneCutsOf(origin, index);
        this.dnssec = ZoneDnssec.of(origin, index, negativeSoa);
    }

    /**
     * Indexes {@code records}, which must all be inside {@code origin} and include its SOA. Public for zones made
     * rather than read (a signed copy of a loaded zone): they are indexed exactly as a file's records are.
     */
    public static LoadedZone build(Name origin, Path source, Collection<Record> records) {
        Map<Name, Map<Integer, List<Record>>> grouped = new LinkedHashMap<>();
        for (Record record : records) {
            if (!record.getName().subdomain(origin)) {
                throw new IllegalArgumentException(record.getName() + " is outside " + origin);
            }
            grouped.computeIfAbsent(record.getName(), n -> new LinkedHashMap<>())
                    .computeIfAbsent(record.getType(), t -> new ArrayList<>())
                    .add(record);
        }
        Map<Name, Map<Integer, RecordSet>> index = new HashMap<>();
        int count = 0;
        for (Map.Entry<Name, Map<Integer, List<Record>>> owner : grouped.entrySet()) {
            Map<Integer, RecordSet> byType = new HashMap<>();
            Map<Integer, List<Record>> signatures = signaturesByCoveredType(owner.getValue());
            for (Map.Entry<Integer, List<Record>> typed : owner.getValue().entrySet()) {
                RecordSet set = toRecordSet(owner.getKey(), typed.getKey(), typed.getValue())
                        .signedBy(signatures.getOrDefault(typed.getKey(), List.of()));
                byType.put(typed.getKey(), set);
                count += set.size();
            }
            index.put(owner.getKey(), Map.copyOf(byType));
        }
        return new LoadedZone(origin, source, index, count);
    }

    /**
     * Duplicates dropped and TTLs made equal (RFC 2181 §5.2) by dnsjava's {@code RRset}; RRSIGs, which dnsjava
     * keeps apart as signatures, are stored as a plain set of records.
     */
    private static RecordSet toRecordSet(Name owner, int type, List<Record> records) {
        if (type == Type.RRSIG) {
            return new RecordSet(owner, type, List.copyOf(new LinkedHashSet<>(records)));
        }
        RRset rrset = new RRset();
        records.forEach(rrset::addRR);
        return new RecordSet(owner, type, rrset.rrs(false));
    }

    /**
     * The RRSIGs of one owner by the type they cover (RFC 4034 §3.1.1), to travel with the RRsets they sign; they
     * also stay an RRSIG RRset of their own, for queries that ask for the type RRSIG.
     */
    private static Map<Integer, List<Record>> signaturesByCoveredType(Map<Integer, List<Record>> byType) {
        Map<Integer, List<Record>> out = new HashMap<>();
        for (Record record : new LinkedHashSet<>(byType.getOrDefault(Type.RRSIG, List.of()))) {
            out.computeIfAbsent(((RRSIGRecord) record).getTypeCovered(), t -> new ArrayList<>()).add(record);
        }
        return out;
    }

    /**
     * Owners and every name between them and the apex: the latter are empty non-terminals (RFC 4592 §2.2.2). The
     * owner of an NSEC3 record that owns nothing else is left out: RFC 5155 §7.2.8 has such a name answered as if
     * it did not exist (it is data about hashes, not a name of the zone).
     */
    private static Set<Name> existingNames(Name origin, Map<Name, Map<Integer, RecordSet>> index) {
        Set<Name> all = new HashSet<>();
        index.forEach((owner, byType) -> {
            if (onlyNsec3(byType)) {
                return;
            }
            for (Name n = owner; all.add(n) && !n.equals(origin); ) {
                n = new Name(n, 1);
            }
        });
        return Set.copyOf(all);
    }

    private static boolean onlyNsec3(Map<Integer, RecordSet> byType) {
        return byType.containsKey(Type.NSEC3) && byType.keySet().stream()
                .allMatch(type -> type == Type.NSEC3 || type == Type.RRSIG);
    }

    private static Set<Name> zoneCutsOf(Name origin, Map<Name, Map<Integer, RecordSet>> index) {
        Set<Name> cuts = new HashSet<>();
        index.forEach((name, byType) -> {
            if (!name.equals(origin) && byType.containsKey(Type.NS)) {
                cuts.add(name);
            }
        });
        return Set.copyOf(cuts);
    }

    /** The SOA for negative answers: TTL = min(SOA TTL, SOA MINIMUM), RFC 2308 §3. */
    private static SOARecord negativeSoaOf(SOARecord soa) {
        long ttl = Math.min(soa.getTTL(), soa.getMinimum());
        return new SOARecord(soa.getName(), soa.getDClass(), ttl, soa.getHost(), soa.getAdmin(), soa.getSerial(),
                soa.getRefresh(), soa.getRetry(), soa.getExpire(), soa.getMinimum());
    }

    public Name origin() {
        return origin;
    }

    /** The file the zone was loaded from. */
    public Path source() {
        return source;
    }

    public SOARecord soa() {
        return soa;
    }

    /** The apex SOA with the negative-caching TTL, for the authority section of NXDOMAIN and NODATA. */
    public SOARecord negativeSoa() {
        return negativeSoa;
    }

    /** The zone's DNSSEC data for answers to clients that set DO; unsigned zones have none. */
    ZoneDnssec dnssec() {
        return dnssec;
    }

    /** Whether {@code name} is at or below the origin (it may still be below a zone cut). */
    public boolean contains(Name name) {
        return name.subdomain(origin);
    }

    /** Whether {@code name} exists: owns records, or is an empty non-terminal above names that do. */
    public boolean exists(Name name) {
        return names.contains(name);
    }

    /**
     * The deepest existing name at or above {@code name}, which must be inside the zone (RFC 4592 §3.3.1; the
     * apex always exists).
     */
    public Name closestEncloser(Name name) {
        Name encloser = name;
        while (!exists(encloser) && !encloser.equals(origin)) {
            encloser = new Name(encloser, 1);
        }
        return encloser;
    }

    /** Every name that owns records, NSEC3 owners included (no empty non-terminals): what a transfer sends. */
    public Set<Name> owners() {
        return index.owners();
    }

    /** Every existing name, empty non-terminals included. */
    public Set<Name> names() {
        return names;
    }

    /** The RRsets owned by {@code name}, by type; empty for empty non-terminals and names that do not exist. */
    public Map<Integer, RecordSet> rrsets(Name name) {
        return index.get(name);
    }

    public Optional<RecordSet> rrset(Name name, int type) {
        return Optional.ofNullable(index.get(name, type));
    }

    /** The targets of the NS RRset at {@code owner} (the apex, or a delegation), in zone order; empty when none. */
    public Set<Name> nameServers(Name owner) {
        Set<Name> targets = new LinkedHashSet<>();
        rrset(owner, Type.NS).ifPresent(set -> set.records().forEach(r -> targets.add(((NSRecord) r).getTarget())));
        return targets;
    }

    /** Whether {@code name} is a delegation point: it owns NS records and is not the apex. */
    public boolean isZoneCut(Name name) {
        return zoneCuts.contains(name);
    }

    public Set<Name> zoneCuts() {
        return zoneCuts;
    }

    /**
     * The A and AAAA RRsets at {@code target} when it is inside this zone (authoritative data or glue below a
     * cut); empty for names elsewhere, whose addresses this server has no business giving.
     */
    public List<RecordSet> addressesOf(Name target) {
        if (!contains(target)) {
            return List.of();
        }
        List<RecordSet> out = new ArrayList<>(2);
        Optional.ofNullable(index.get(target, Type.A)).ifPresent(out::add);
        Optional.ofNullable(index.get(target, Type.AAAA)).ifPresent(out::add);
        return out;
    }

    public int recordCount() {
        return recordCount;
    }

    @Override
    public String toString() {
        return "zone " + origin + " (" + recordCount + " records from " + source + ")";
    }
}
