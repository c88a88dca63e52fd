package dev.jdns.authoritative;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * A zone's owner names and their RRsets by type, immutable, held compactly: most names of a large zone own one
 * record of one type (a host's A), and for those only the record itself is kept, its RRset and the map around it
 * made when asked for: three objects fewer per such name (a map, a set and its list), most of a large zone's heap
 * besides the records and names themselves (bench/memory.sh measures it). Replies are built once per zone version
 * and question and then sent again from the front end's copy, so what is made per lookup is seldom made.
 */
final class OwnerIndex {

    /** Per owner either its only {@link Record} (one unsigned record of a type other than RRSIG) or its map. */
    private final Map<Name, Object> byOwner;

    private OwnerIndex(Map<Name, Object> byOwner) {
        this.byOwner = byOwner;
    }

    /** The index of {@code rrsets} (owner -> RRsets by type, each map non-empty). */
    static OwnerIndex of(Map<Name, Map<Integer, RecordSet>> rrsets) {
        Map<Name, Object> compact = new HashMap<>(rrsets.size() * 4 / 3 + 1);
        rrsets.forEach((owner, byType) -> compact.put(owner, compactForm(owner, byType)));
        return new OwnerIndex(Map.copyOf(compact));
    }

    /**
     * The record alone when it stands for its whole map exactly: one RRset of one record, no signatures, owned by
     * the owner itself (so {@link RecordSet#of} makes the same set again).
     */
    private static Object compactForm(Name owner, Map<Integer, RecordSet> byType) {
        if (byType.size() == 1) {
            RecordSet only = byType.values().iterator().next();
            if (only.size() == 1 && only.signatures().isEmpty() && only.type() != Type.RRSIG
                    && only.first().getName() == owner) {
                return only.first();
            }
        }
        return byType;
    }

    /** The RRsets of {@code owner} by type; empty when it owns none. */
    @SuppressWarnings("unchecked")
    Map<Integer, RecordSet> get(Name owner) {
        Object held = byOwner.get(owner);
        if (held == null) {
            return Map.of();
        }
        if (held instanceof Record record) {
            return Map.of(record.getType(), RecordSet.of(record));
        }
        return (Map<Integer, RecordSet>) held;
    }

    /** The RRset of {@code type} at {@code owner}, or null. */
    RecordSet get(Name owner, int type) {
        Object held = byOwner.get(owner);
        if (held instanceof Record record) {
            return record.getType() == type ? RecordSet.of(record) : null;
        }
        return held == null ? null : get(owner).get(type);
    }

    /** Every name that owns records. */
    Set<Name> owners() {
        return byOwner.keySet();
    }
}
