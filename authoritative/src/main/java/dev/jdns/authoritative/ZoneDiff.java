package dev.jdns.authoritative;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * What changed from one version of a zone to the next, as an IXFR difference sequence carries it (RFC 1995 §4):
 * the old SOA, the records deleted, the new SOA, the records added. Records compare by their whole wire form, TTL
 * included (dnsjava's {@code Record.equals} ignores the TTL, and a TTL change is a change a secondary must see).
 */
public record ZoneDiff(SOARecord from, SOARecord to, List<Record> deleted, List<Record> added) {

    public ZoneDiff {
        deleted = List.copyOf(deleted);
        added = List.copyOf(added);
    }

    /** The difference between two loaded versions of one zone, SOA apart. */
    public static ZoneDiff between(LoadedZone before, LoadedZone after) {
        return between(before.soa(), after.soa(), ZoneTransfer.recordsBesidesSoa(before),
                ZoneTransfer.recordsBesidesSoa(after));
    }

    /** The difference between two versions given as their records (SOAs among them are ignored). */
    static ZoneDiff between(SOARecord from, SOARecord to, Collection<Record> before, Collection<Record> after) {
        Map<ByteBuffer, Record> old = keyed(before);
        Map<ByteBuffer, Record> now = keyed(after);
        List<Record> deleted = old.entrySet().stream().filter(e -> !now.containsKey(e.getKey()))
                .map(Map.Entry::getValue).toList();
        List<Record> added = now.entrySet().stream().filter(e -> !old.containsKey(e.getKey()))
                .map(Map.Entry::getValue).toList();
        return new ZoneDiff(from, to, deleted, added);
    }

    /** Whether applying this changes no record besides the SOA. */
    boolean isEmpty() {
        return deleted.isEmpty() && added.isEmpty();
    }

    /**
     * {@code zone} with this difference applied: its deleted records removed (compared by wire form, as they were
     * taken from the version this difference starts from), its added records added, the SOA replaced by {@link #to}.
     */
    LoadedZone applyTo(LoadedZone zone) {
        Map<ByteBuffer, Record> records = keyed(ZoneTransfer.recordsBesidesSoa(zone));
        deleted.forEach(record -> records.remove(key(record)));
        added.forEach(record -> records.put(key(record), record));
        List<Record> all = new ArrayList<>(records.values());
        all.add(to);
        return LoadedZone.build(zone.origin(), zone.source(), all);
    }

    /**
     * Consecutive differences folded into one (RFC 1995 §5, condensation): a record added then deleted again
     * vanishes, a record deleted then added again is no change.
     */
    public static ZoneDiff condense(List<ZoneDiff> steps) {
        Map<ByteBuffer, Record> deleted = new LinkedHashMap<>();
        Map<ByteBuffer, Record> added = new LinkedHashMap<>();
        for (ZoneDiff step : steps) {
            for (Record record : step.deleted()) {
                ByteBuffer key = key(record);
                if (added.remove(key) == null) {
                    deleted.put(key, record);
                }
            }
            for (Record record : step.added()) {
                ByteBuffer key = key(record);
                if (deleted.remove(key) == null) {
                    added.put(key, record);
                }
            }
        }
        return new ZoneDiff(steps.getFirst().from(), steps.getLast().to(), new ArrayList<>(deleted.values()),
                new ArrayList<>(added.values()));
    }

    public long fromSerial() {
        return from.getSerial();
    }

    public long toSerial() {
        return to.getSerial();
    }

    /** The sequence as it goes on the wire: old SOA, deletions, new SOA, additions. */
    public List<Record> sequence() {
        List<Record> records = new ArrayList<>(deleted.size() + added.size() + 2);
        records.add(from);
        records.addAll(deleted);
        records.add(to);
        records.addAll(added);
        return records;
    }

    private static Map<ByteBuffer, Record> keyed(Collection<Record> records) {
        Map<ByteBuffer, Record> byKey = new LinkedHashMap<>();
        records.stream().filter(r -> r.getType() != Type.SOA).forEach(r -> byKey.put(key(r), r));
        return byKey;
    }

    private static ByteBuffer key(Record record) {
        return ByteBuffer.wrap(record.toWire(Section.ANSWER));
    }

    @Override
    public String toString() {
        return "diff " + fromSerial() + " -> " + toSerial() + ": -" + deleted.size() + " +" + added.size();
    }
}
