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
 * The messages of a full zone transfer (RFC 5936 §2.2): the SOA first, every other record, the SOA again, packed
 * into as few messages as fit comfortably, each authoritative, the question in the first only (§2.2.1).
 */
final class ZoneTransfer {

    /**
     * Uncompressed octets per message before starting the next: well under the 65535 a TCP message can carry, and
     * large enough that a big zone does not become tens of thousands of messages (BIND packs to about 16 KiB too).
     */
    static final int MESSAGE_BUDGET = 16_000;

    private ZoneTransfer() {}

    static Iterator<Message> messages(Message query, LoadedZone zone) {
        List<Record> records = inTransferOrder(zone);
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
        for (Name name : zone.owners()) {
            zone.rrsets(name).forEach((type, rrset) -> {
                if (type != Type.SOA) {
                    records.addAll(rrset.records());
                }
            });
        }
        records.add(zone.soa());
        return records;
    }
}
