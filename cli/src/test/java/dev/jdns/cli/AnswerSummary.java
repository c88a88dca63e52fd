package dev.jdns.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * What a differential test compares in two resolvers' replies: rcode, RA, and the answer section as RRsets
 * (owner and type to the set of rdata, case-folded, order ignored: RFC 2181 §5 makes an RRset a set). TTLs are not
 * compared with each other, only against the original ({@link #ttlsAbove}).
 */
record AnswerSummary(String rcode, boolean recursionAvailable, Map<Key, Set<String>> rrsets) {

    /** An RRset's identity: owner (case-folded) and type. */
    record Key(String owner, String type) implements Comparable<Key> {
        static Key of(Record record) {
            return new Key(record.getName().toString().toLowerCase(Locale.ROOT), Type.string(record.getType()));
        }

        @Override
        public int compareTo(Key other) {
            int byOwner = owner.compareTo(other.owner);
            return byOwner != 0 ? byOwner : type.compareTo(other.type);
        }

        @Override
        public String toString() {
            return owner + "/" + type;
        }
    }

    /** What a resolver that did not answer in time "said". */
    static final AnswerSummary NO_REPLY = new AnswerSummary("NO REPLY", false, Map.of());

    static AnswerSummary of(Message reply) {
        Map<Key, Set<String>> rrsets = reply.getSection(Section.ANSWER).stream().collect(Collectors.groupingBy(
                Key::of, TreeMap::new,
                Collectors.mapping(record -> record.rdataToString().toLowerCase(Locale.ROOT),
                        Collectors.toCollection(TreeSet::new))));
        return new AnswerSummary(Rcode.string(reply.getRcode()), reply.getHeader().getFlag(Flags.RA), rrsets);
    }

    /** A description of every answer record whose TTL is above {@code originals} (or has no original), if any. */
    static Optional<String> ttlsAbove(String who, Message reply, Map<Key, Long> originals) {
        List<String> wrong = reply.getSection(Section.ANSWER).stream()
                .filter(record -> record.getTTL() > originals.getOrDefault(Key.of(record), -1L))
                .map(record -> record + " (original TTL " + originals.get(Key.of(record)) + ")")
                .toList();
        return wrong.isEmpty() ? Optional.empty() : Optional.of(who + " TTL above the original: " + wrong);
    }

    @Override
    public String toString() {
        return rcode + (recursionAvailable ? " ra " : " no-ra ") + rrsets;
    }
}
