package dev.jdns.transport;

import static dev.jdns.transport.WireHeader.u16;

import org.xbill.DNS.Header;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * What response rate limiting counts a reply as, read from its wire bytes: the kind of response and the name it
 * is accounted under. Like BIND and Knot, a reply is grouped so that floods of varied questions with the same
 * effect count together: every NXDOMAIN of a zone under the zone's name (the SOA owner in the authority section),
 * so random-name floods are one key; a NODATA under the zone too; a referral under its delegation point (the NS
 * owner); an answer under its question name and type; and every error (REFUSED, SERVFAIL, FORMERR...) of a
 * client network under one key, whatever was asked.
 *
 * @param nameOffset  where the accounted name starts in the reply, or -1 for none (errors)
 * @param questionEnd the offset just past the question (the header's end when there is none): a slipped reply
 *                    keeps what lies before it
 */
record ReplyCategory(Kind kind, int qtype, int nameOffset, int questionEnd) {

    enum Kind { ANSWER, NODATA, NXDOMAIN, REFERRAL, ERROR }

    private static final ReplyCategory HEADER_ONLY_ERROR = new ReplyCategory(Kind.ERROR, 0, -1, Header.LENGTH);

    /** Classifies {@code reply}, which must be at least a header long. */
    static ReplyCategory of(byte[] reply) {
        if (u16(reply, 4) != 1) {
            return HEADER_ONLY_ERROR; // a FORMERR echoes no question
        }
        int qnameEnd = WireNames.skip(reply, Header.LENGTH);
        if (qnameEnd < 0 || qnameEnd + 4 > reply.length) {
            return HEADER_ONLY_ERROR;
        }
        int qtype = u16(reply, qnameEnd);
        int questionEnd = qnameEnd + 4;
        int rcode = reply[3] & 0xF;
        if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
            return new ReplyCategory(Kind.ERROR, 0, -1, questionEnd);
        }
        if (rcode == Rcode.NOERROR && u16(reply, 6) > 0) {
            return new ReplyCategory(Kind.ANSWER, qtype, Header.LENGTH, questionEnd);
        }
        return negativeOrReferral(reply, rcode == Rcode.NXDOMAIN, questionEnd);
    }

    /** No answer: NXDOMAIN or NODATA under the SOA owner, else a referral under the NS owner, else the qname. */
    private static ReplyCategory negativeOrReferral(byte[] reply, boolean nxdomain, int questionEnd) {
        int position = questionEnd;
        for (int i = u16(reply, 6); i > 0 && position >= 0; i--) {
            position = WireNames.skipRecord(reply, position);
        }
        int delegation = -1;
        for (int i = u16(reply, 8); i > 0 && position >= 0; i--) {
            int typeAt = WireNames.skip(reply, position);
            if (typeAt < 0 || typeAt + 2 > reply.length) {
                break;
            }
            int type = u16(reply, typeAt);
            if (type == Type.SOA) {
                return new ReplyCategory(nxdomain ? Kind.NXDOMAIN : Kind.NODATA, 0, position, questionEnd);
            }
            if (type == Type.NS && delegation < 0) {
                delegation = position;
            }
            position = WireNames.skipRecord(reply, position);
        }
        if (!nxdomain && delegation >= 0) {
            return new ReplyCategory(Kind.REFERRAL, 0, delegation, questionEnd);
        }
        return new ReplyCategory(nxdomain ? Kind.NXDOMAIN : Kind.NODATA, 0, Header.LENGTH, questionEnd);
    }
}
