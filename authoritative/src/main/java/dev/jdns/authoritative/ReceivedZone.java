package dev.jdns.authoritative;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/**
 * A zone as a transfer brings it, made servable: the checks a zone file passes ({@link ZoneChecks}), so a
 * secondary serves nothing it would refuse to load from its own saved copy at the next start, and the
 * differences of an incremental transfer applied to the version we hold (RFC 1995 §4).
 */
final class ReceivedZone {

    private ReceivedZone() {}

    /**
     * The zone {@code origin} made of {@code records} (the SOA among them), indexed as if read from {@code source},
     * the file its copy is saved in.
     *
     * @throws ZoneLoadException naming the first problem (record numbers count from 1 in transfer order)
     */
    static LoadedZone build(Name origin, Path source, List<Record> records) throws ZoneLoadException {
        List<SourcedRecord> sourced = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            sourced.add(new SourcedRecord(records.get(i), new SourceLocation(source, i + 1)));
        }
        List<ZoneLoadException.Problem> problems = ZoneChecks.check(origin, source, sourced);
        if (!problems.isEmpty()) {
            throw new ZoneLoadException(problems);
        }
        return LoadedZone.build(origin, source, records);
    }

    /**
     * The records of {@code base} with {@code steps} applied in order, the last step's SOA in place of the old one.
     * Records compare as dnsjava's {@code Record.equals} does, without the TTL: a copy loaded from a file has the
     * TTLs of each RRset made equal (RFC 2181 §5.2), which a primary's deletion need not repeat.
     *
     * @throws IllegalStateException when a step does not start at the serial reached, or deletes a record we do not
     *         have: our copy is not what the primary thinks it is, and only a full transfer can mend that
     */
    static List<Record> applied(LoadedZone base, List<ZoneDiff> steps) {
        Set<Record> records = new LinkedHashSet<>(ZoneTransfer.recordsBesidesSoa(base));
        long serial = base.soa().getSerial();
        SOARecord soa = base.soa();
        for (ZoneDiff step : steps) {
            if (step.fromSerial() != serial) {
                throw new IllegalStateException("a difference from serial " + step.fromSerial() + " while at "
                        + serial);
            }
            for (Record record : step.deleted()) {
                if (!records.remove(record)) {
                    throw new IllegalStateException("deletes " + record + ", which our copy does not have");
                }
            }
            for (Record record : step.added()) {
                records.remove(record); // a TTL change: the new TTL replaces the old
                records.add(record);
            }
            serial = step.toSerial();
            soa = step.to();
        }
        List<Record> out = new ArrayList<>(records.size() + 1);
        out.add(soa);
        out.addAll(records);
        return out;
    }
}
