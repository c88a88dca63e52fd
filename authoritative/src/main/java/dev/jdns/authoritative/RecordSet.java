package dev.jdns.authoritative;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * An immutable RRset: the records of one owner and type (RFC 2181 §5), all with the same TTL, and the RRSIGs of a
 * signed zone that cover it (RFC 4034 §3), kept with it so that an answer, wherever it came from (a wildcard, a
 * chain through another zone), carries its own signatures. Unlike dnsjava's {@code RRset} it cannot be changed
 * after the zone is built and shares no rotation state.
 *
 * @param signatures the RRSIG records covering this RRset; empty in an unsigned zone, for glue and for the NS
 *                   RRset at a cut (RFC 4035 §2.2), and for synthesised data
 */
public record RecordSet(Name owner, int type, List<Record> records, List<Record> signatures) {

    public RecordSet {
        Objects.requireNonNull(owner, "owner");
        records = List.copyOf(records);
        signatures = List.copyOf(signatures);
        if (records.isEmpty()) {
            throw new IllegalArgumentException("an RRset has at least one record");
        }
    }

    /** An RRset without signatures. */
    public RecordSet(Name owner, int type, List<Record> records) {
        this(owner, type, records, List.of());
    }

    /** The same records covered by {@code rrsigs}. */
    public RecordSet signedBy(List<Record> rrsigs) {
        return new RecordSet(owner, type, records, rrsigs);
    }

    /** A set of one record. */
    public static RecordSet of(Record record) {
        return new RecordSet(record.getName(), record.getType(), List.of(record));
    }

    public long ttl() {
        return records.get(0).getTTL();
    }

    public Record first() {
        return records.get(0);
    }

    public int size() {
        return records.size();
    }

    /**
     * The same data owned by {@code name}: for answers, so the owner carries the case the client asked with,
     * and for wildcard synthesis, where the owner is the query name (RFC 4592 §3.3.1). Signatures are renamed
     * too and keep their labels field, which is how a validator sees the expansion (RFC 4035 §5.3.4).
     */
    public RecordSet withOwner(Name name) {
        return new RecordSet(name, type, renamed(records, name), renamed(signatures, name));
    }

    private static List<Record> renamed(List<Record> records, Name name) {
        if (records.isEmpty()) {
            return records;
        }
        List<Record> renamed = new ArrayList<>(records.size());
        for (Record record : records) {
            renamed.add(record.withName(name));
        }
        return renamed;
    }

    /** The records starting at {@code start} (taken modulo the size) and wrapping around: round robin. */
    public List<Record> rotated(int start) {
        int size = records.size();
        int offset = Math.floorMod(start, size);
        if (offset == 0) {
            return records;
        }
        List<Record> out = new ArrayList<>(size);
        out.addAll(records.subList(offset, size));
        out.addAll(records.subList(0, offset));
        return out;
    }

    @Override
    public String toString() {
        return owner + " " + Type.string(type) + " " + records;
    }
}
