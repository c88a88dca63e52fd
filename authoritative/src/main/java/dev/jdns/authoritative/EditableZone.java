package dev.jdns.authoritative;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * The records of one zone as a dynamic update (RFC 2136) reads and changes them: by owner and type, records
 * compared by their data (RFC 2136 §1.1.1: "RRs are compared by RDATA", TTL aside). A zone signed online is edited
 * without the records the signer makes (RRSIG, NSEC, NSEC3, NSEC3PARAM): they are made again from the result.
 * Not thread-safe: one copy per update, made and dropped under the zone store's lock.
 */
final class EditableZone {

    /** What a signer makes from the rest, never edited by hand (RFC 3007 §4.3 leaves them to the server). */
    static final Set<Integer> SIGNER_TYPES = Set.of(Type.RRSIG, Type.NSEC, Type.NSEC3, Type.NSEC3PARAM);

    private final LoadedZone base;
    private final List<Record> before;
    private final Map<Name, Map<Integer, List<Record>>> owners = new LinkedHashMap<>();

    private EditableZone(LoadedZone base, boolean withoutSignerRecords) {
        this.base = base;
        List<Record> records = new ArrayList<>();
        for (Name owner : base.owners()) {
            base.rrsets(owner).forEach((type, set) -> {
                if (!withoutSignerRecords || !SIGNER_TYPES.contains(type)) {
                    records.addAll(set.records());
                }
            });
        }
        this.before = List.copyOf(records);
        records.forEach(record -> rrsetFor(record.getName(), record.getType()).add(record));
    }

    /** {@code zone}'s records, without those a signer makes when {@code resigned}. */
    static EditableZone of(LoadedZone zone, boolean resigned) {
        return new EditableZone(zone, resigned);
    }

    Name origin() {
        return base.origin();
    }

    SOARecord soa() {
        return (SOARecord) owners.get(origin()).get(Type.SOA).getFirst();
    }

    /** RFC 2136 §2.4.4: a name is in use when it owns at least one record (an empty non-terminal does not). */
    boolean nameInUse(Name name) {
        return owners.containsKey(name);
    }

    /** The records of {@code name}'s RRset of {@code type}; empty when there is none. */
    List<Record> rrset(Name name, int type) {
        return owners.getOrDefault(name, Map.of()).getOrDefault(type, List.of());
    }

    /** The types {@code name} owns. */
    Set<Integer> types(Name name) {
        return Set.copyOf(owners.getOrDefault(name, Map.of()).keySet());
    }

    /**
     * Adds {@code record} to its RRset (a record with the same data is replaced), and gives the whole RRset its
     * TTL: the records of an RRset share one TTL (RFC 2181 §5.2), and the latest update says which.
     */
    void add(Record record) {
        List<Record> rrset = rrsetFor(record.getName(), record.getType());
        rrset.removeIf(existing -> sameData(existing, record));
        rrset.replaceAll(existing -> existing.getTTL() == record.getTTL() ? existing
                : ZoneDnssec.withTtl(existing, record.getTTL()));
        rrset.add(record);
    }

    /** Replaces the RRset of {@code record}'s name and type by {@code record} alone (CNAME, SOA). */
    void replace(Record record) {
        rrsetFor(record.getName(), record.getType()).clear();
        add(record);
    }

    void deleteRRset(Name name, int type) {
        Map<Integer, List<Record>> byType = owners.get(name);
        if (byType != null) {
            byType.remove(type);
            dropIfEmpty(name);
        }
    }

    /** Deletes the record of {@code name} and {@code type} whose data is {@code data}'s, if any. */
    void deleteRecord(Record data) {
        List<Record> rrset = rrset(data.getName(), data.getType());
        if (!rrset.isEmpty()) {
            rrset.removeIf(existing -> sameData(existing, data));
            owners.get(data.getName()).values().removeIf(List::isEmpty);
            dropIfEmpty(data.getName());
        }
    }

    /** Every record now, SOA included. */
    List<Record> records() {
        List<Record> all = new ArrayList<>();
        owners.values().forEach(byType -> byType.values().forEach(all::addAll));
        return all;
    }

    /** What changed since this copy was made, from {@code from} (the SOA the change starts at) to the SOA now. */
    ZoneDiff difference(SOARecord from) {
        return ZoneDiff.between(from, soa(), before, records());
    }

    /** The zone as it is now, indexed for serving (unsigned: the store prepares it). */
    LoadedZone build() {
        return LoadedZone.build(origin(), base.source(), records());
    }

    /** Whether two records of one name and type carry the same data (case of names in the data aside). */
    static boolean sameData(Record a, Record b) {
        return Arrays.equals(a.rdataToWireCanonical(), b.rdataToWireCanonical());
    }

    private List<Record> rrsetFor(Name name, int type) {
        return owners.computeIfAbsent(name, n -> new LinkedHashMap<>()).computeIfAbsent(type, t -> new ArrayList<>());
    }

    private void dropIfEmpty(Name name) {
        if (owners.get(name).isEmpty()) {
            owners.remove(name);
        }
    }
}
