package dev.jdns.authoritative;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * What the differential compares of a reply: rcode, AA and TC, whether it carries an OPT, and each section as a set
 * of RRsets. An RRset is {@code owner CLASS TYPE TTL [rdata; rdata]} with the owner in lower case (RFC 4343: names
 * compare case-insensitively) and the rdata sorted, so record order (round robin) does not matter.
 */
record ReplyShape(String rcode, boolean aa, boolean tc, boolean opt, SortedSet<String> answer,
                  SortedSet<String> authority, SortedSet<String> additional) {

    private static final Set<Integer> NAME_RDATA =
            Set.of(Type.NS, Type.CNAME, Type.DNAME, Type.MX, Type.SRV, Type.SOA, Type.PTR);

    static ReplyShape of(Message reply) {
        return new ReplyShape(Rcode.string(reply.getRcode()), reply.getHeader().getFlag(Flags.AA),
                reply.getHeader().getFlag(Flags.TC), reply.getOPT() != null, rrsets(reply, Section.ANSWER),
                rrsets(reply, Section.AUTHORITY), rrsets(reply, Section.ADDITIONAL));
    }

    ReplyShape withAnswer(Set<String> rrsets) {
        return new ReplyShape(rcode, aa, tc, opt, new TreeSet<>(rrsets), authority, additional);
    }

    ReplyShape withAuthority(Set<String> rrsets) {
        return new ReplyShape(rcode, aa, tc, opt, answer, new TreeSet<>(rrsets), additional);
    }

    ReplyShape withAdditional(Set<String> rrsets) {
        return new ReplyShape(rcode, aa, tc, opt, answer, authority, new TreeSet<>(rrsets));
    }

    /** The RRsets of {@code section}, OPT left out (EDNS presence is the {@code opt} field). */
    private static SortedSet<String> rrsets(Message reply, int section) {
        Map<String, SortedSet<String>> byHead = new TreeMap<>();
        for (Record record : reply.getSection(section)) {
            if (record.getType() == Type.OPT) {
                continue;
            }
            String head = record.getName().toString().toLowerCase(Locale.ROOT) + " "
                    + DClass.string(record.getDClass()) + " " + type(record) + " " + record.getTTL();
            byHead.computeIfAbsent(head, h -> new TreeSet<>()).add(rdata(record));
        }
        return byHead.entrySet().stream()
                .map(entry -> entry.getKey() + " [" + String.join("; ", entry.getValue()) + "]")
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * The rdata as text; for types whose rdata is made of names, in lower case: a server may compress a name in
     * rdata against the query name and so send it in the query's case (RFC 4343 §4.1), which means nothing.
     */
    private static String rdata(Record record) {
        String text = record.rdataToString();
        return NAME_RDATA.contains(record.getType()) ? text.toLowerCase(Locale.ROOT) : text;
    }

    /** The type, and for an RRSIG the type it covers ("RRSIG/A"): RRSIGs over different RRsets stay apart. */
    private static String type(Record record) {
        return record instanceof RRSIGRecord rrsig
                ? "RRSIG/" + Type.string(rrsig.getTypeCovered())
                : Type.string(record.getType());
    }

    /** Owner, class and type of an RRset string (everything before the TTL). */
    static String ownerClassType(String rrset) {
        String[] parts = rrset.split(" ", 4);
        return parts[0] + " " + parts[1] + " " + parts[2];
    }

    @Override
    public String toString() {
        return rcode + (aa ? " aa" : "") + (tc ? " tc" : "") + (opt ? " edns" : "")
                + "\n      answer:     " + answer + "\n      authority:  " + authority
                + "\n      additional: " + additional;
    }
}
