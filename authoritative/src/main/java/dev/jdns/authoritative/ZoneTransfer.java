package dev.jdns.authoritative;

import dev.jdns.transport.Replies;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The messages of a zone transfer: a full one (RFC 5936 §2.2: the SOA first, every other record, the SOA again)
 * or an incremental one (RFC 1995 §4: the current SOA, difference sequences, the current SOA again), packed into as
 * few messages as fit comfortably, each authoritative, the question in the first only (RFC 5936 §2.2.1).
 */
final class ZoneTransfer {

    /**
     * Uncompressed octets per message before starting the next: well under the 65535 a TCP message can carry, and
     * large enough that a big zone does not become tens of thousands of messages (BIND packs to about 16 KiB too).
     */
    static final int MESSAGE_BUDGET = 16_000;

    private ZoneTransfer() {}

    /** A full transfer of {@code zone} (AXFR, or IXFR answered in full). */
    static Iterator<Message> messages(Message query, LoadedZone zone) {
        return messages(query, inTransferOrder(zone));
    }

    /** An incremental transfer: {@code diff} between the current SOA at both ends (RFC 1995 §4). */
    static Iterator<Message> incremental(Message query, ZoneDiff diff) {
        return messages(query, incrementalRecords(diff));
    }

    static List<Record> incrementalRecords(ZoneDiff diff) {
        List<Record> records = new ArrayList<>();
        records.add(diff.to());
        records.addAll(diff.sequence());
        records.add(diff.to());
        return records;
    }

    private static Iterator<Message> messages(Message query, List<Record> records) {
        return new Iterator<>() {
            private int next = 0;

            @Override
            public boolean hasNext() {
                return next < records.size();
            }

            @Override
            public Message next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Message message = next == 0 ? Replies.replyTo(query) : continuation(query);
                message.getHeader().setFlag(Flags.AA);
                int size = 0;
                do {
                    Record record = records.get(next++);
                    message.addRecord(record, Section.ANSWER);
                    size += record.toWire(Section.ANSWER).length;
                } while (next < records.size() && size < MESSAGE_BUDGET);
                return message;
            }
        };
    }

    private static Message continuation(Message query) {
        Message message = Replies.replyTo(query);
        message.removeAllRecords(Section.QUESTION);
        return message;
    }

    /** SOA, then the rest of the zone (glue below cuts included: it is zone data), then the SOA to close. */
    private static List<Record> inTransferOrder(LoadedZone zone) {
        List<Record> records = new ArrayList<>(zone.recordCount() + 1);
        records.add(zone.soa());
        records.addAll(recordsBesidesSoa(zone));
        records.add(zone.soa());
        return records;
    }

    /** Every record of the zone but its SOA (glue below cuts included: it is zone data). */
    static List<Record> recordsBesidesSoa(LoadedZone zone) {
        List<Record> records = new ArrayList<>(zone.recordCount());
        for (Name name : zone.owners()) {
            zone.rrsets(name).forEach((type, rrset) -> {
                if (type != Type.SOA) {
                    records.addAll(rrset.records());
                }
            });
        }
        return records;
    }
}
