package dev.jdns.resolver.cache;

import java.util.List;
import org.xbill.DNS.Record;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Section;

/**
 * What cache entries cost on the heap, so the caches can be bounded in bytes (Caffeine {@code maximumWeight}) rather
 * than in entries: an entry count lets a few large RRsets take any amount of memory.
 *
 * <p>The constants are fitted to heap-used deltas, not derived by hand: see the note in the class body.
 */
final class HeapEstimate {

    // How the constants were measured (JDK 25, 64-bit, compressed references; no JOL): N entries were put in a cache
    // built as the resolver builds it, from records parsed from wire form as the resolver gets them, and the heap in
    // use after full collections (Runtime total minus free, System.gc() four times) compared before and after, per
    // entry. Answers: 200,000 one-record A sets, 100,000 four-record A sets and one-record 200-octet TXT sets, 20,000
    // eight-record 2 KB TXT sets, 600 240-record 65 KB TXT sets; a least-squares fit gave 279 bytes per entry, 69 per
    // record and 1.32 per octet of uncompressed wire form. Delegations: 100,000 to 10,000 cuts of 1 to 20 NS names
    // with 0 to 4 addresses each; 172 bytes per cut, 159 per NS name of 19 octets, 49-56 per address. Rounded up.

    /** Per answer entry: its key and name, the Caffeine node, the entry and answer records, the RRset. */
    static final int ANSWER_ENTRY = 300;
    /** Per record: the Record object, its owner Name, the RRset's list slot. */
    static final int PER_RECORD = 72;
    /** Heap bytes per octet of uncompressed wire form (arrays of rdata and name octets, their headers): 4/3. */
    static final int WIRE_FACTOR_NUMERATOR = 4;
    static final int WIRE_FACTOR_DENOMINATOR = 3;

    /** Per delegation: its key, the Caffeine node, the entry, delegation and list objects. */
    static final int DELEGATION_ENTRY = 200;
    /** Per NS name: the NameServer and Name objects; plus two heap bytes per octet of the name. */
    static final int PER_NAME_SERVER = 120;
    /** Per address (Inet6Address is the larger kind). */
    static final int PER_ADDRESS = 64;

    private HeapEstimate() {}

    /** The uncompressed wire length of the RRset's records and signatures (RFC 1035 §4.1.3 layout). */
    static long wireLength(RRset rrset) {
        long octets = 0;
        for (Record record : rrset.rrs(false)) {
            octets += wireLength(record);
        }
        for (Record sig : rrset.sigs()) {
            octets += wireLength(sig);
        }
        return octets;
    }

    static long wireLength(Record record) {
        return record.toWire(Section.ANSWER).length;
    }

    /** An answer entry holding {@code records} records of {@code wireOctets} in all. */
    static long answer(int records, long wireOctets) {
        return ANSWER_ENTRY + (long) PER_RECORD * records
                + wireOctets * WIRE_FACTOR_NUMERATOR / WIRE_FACTOR_DENOMINATOR;
    }

    /** A delegation entry for {@code servers}. */
    static long delegation(List<NameServer> servers) {
        long bytes = DELEGATION_ENTRY;
        for (NameServer server : servers) {
            bytes += PER_NAME_SERVER + 2L * server.name().length() + (long) PER_ADDRESS * server.addresses().size();
        }
        return bytes;
    }

    /** Caffeine weighs in ints; no entry we keep comes near, but never wrap. */
    static int weight(long bytes) {
        return (int) Math.min(bytes, Integer.MAX_VALUE);
    }
}
