package dev.jdns.transport;

import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Structural rules a parsed query must follow before any handler sees it; breaking one means FORMERR. */
final class QueryChecks {

    private static final int[] RECORD_SECTIONS = {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL};

    private QueryChecks() {}

    /** True when the query must be answered with FORMERR instead of being handled. */
    static boolean isMalformed(Message query) {
        return !hasSingleQuestion(query) || !hasValidOpt(query);
    }

    /**
     * RFC 1035 §4.1.2 allows several questions on paper, but no server can answer them in one rcode;
     * RFC 9619 settles that QDCOUNT > 1 is FORMERR, and a query without a question has nothing to answer.
     */
    private static boolean hasSingleQuestion(Message query) {
        if (query.getHeader().getCount(Section.QUESTION) != 1) {
            return false;
        }
        // OPT is a pseudo type that cannot be asked for (RFC 6891 §6.1.1: it holds no data of a name).
        return query.getQuestion().getType() != Type.OPT;
    }

    /** RFC 6891 §6.1.1: at most one OPT, only in the additional section, owned by the root. */
    private static boolean hasValidOpt(Message query) {
        int opts = 0;
        for (int section : RECORD_SECTIONS) {
            for (Record record : query.getSection(section)) {
                if (record.getType() != Type.OPT) {
                    continue;
                }
                opts++;
                if (section != Section.ADDITIONAL || opts > 1 || !Name.root.equals(record.getName())) {
                    return false;
                }
            }
        }
        return true;
    }
}
