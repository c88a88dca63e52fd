package dev.jdns.transport;

import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Turns a handler's reply into wire bytes for one transport: our OPT record, the size limit, and TC.
 *
 * <p>dnsjava 3.7.1 {@code Message.toWire(int)} reserves room for the OPT record first and always writes it;
 * it drops whole RRsets that do not fit; in the question, answer or authority section it sets TC and stops,
 * in the additional section it only lowers ARCOUNT. The last case is handled here (RFC 9471). It also counts the
 * 12-octet header twice against the limit (once taken off the limit, once in the output position it compares),
 * so a reply within the last 12 octets of the limit would be truncated for nothing; the limit handed to it makes
 * up for that, and the result is checked against the real limit.
 */
final class ReplyRenderer {

    private ReplyRenderer() {}

    /**
     * @param reply    the handler's message; not modified (handlers may share pre-built messages)
     * @param queryOpt the query's OPT record, or null when the query had none (then the reply has none,
     *                 RFC 6891 §7)
     * @param limit    the largest message the transport allows
     * @param referral whether the reply needs its in-domain glue ({@link Response.Single#inDomainGlueRequired()})
     * @param cookie   the COOKIE option the reply carries (RFC 7873 §5.2), or null for none
     * @throws IllegalArgumentException when the reply cannot be sent, e.g. an extended rcode without EDNS
     */
    static byte[] render(Message reply, OPTRecord queryOpt, int limit, boolean referral, EDNSOption cookie) {
        Message edns = withOurOpt(reply, queryOpt, cookie);
        byte[] wire = edns.toWire(limit + Header.LENGTH);
        if (wire.length > limit) {
            wire = edns.toWire(limit); // never sent over the limit, should another dnsjava count differently
        }
        int renderedAdditional = WireHeader.additionalCount(wire) - (edns.getOPT() == null ? 0 : 1);
        if (referral && !WireHeader.isTruncated(wire) && GlueTruncation.lostInDomainGlue(edns, renderedAdditional)) {
            WireHeader.setTruncated(wire);
        }
        return wire;
    }

    /**
     * Replaces any OPT the handler set with ours. A handler may add an OPT to carry an extended rcode or
     * options (e.g. Extended DNS Errors); those are kept, the payload, version and flags are ours, and our cookie
     * comes after them.
     */
    private static Message withOurOpt(Message reply, OPTRecord queryOpt, EDNSOption cookie) {
        OPTRecord handlerOpt = reply.getOPT();
        if (queryOpt == null && handlerOpt == null) {
            return reply;
        }
        int rcode = reply.getRcode();
        if (queryOpt == null && rcode > 0xF) {
            throw new IllegalArgumentException("extended rcode " + rcode + " needs EDNS, the query had none");
        }
        Message copy = reply.clone();
        List<Record> handlerOpts = copy.getSection(Section.ADDITIONAL).stream()
                .filter(record -> record.getType() == Type.OPT)
                .toList();
        handlerOpts.forEach(opt -> copy.removeRecord(opt, Section.ADDITIONAL));
        copy.getHeader().setRcode(rcode & 0xF);
        if (queryOpt != null) {
            List<EDNSOption> options = handlerOpt == null ? List.of() : handlerOpt.getOptions();
            if (cookie != null) {
                options = new ArrayList<>(options);
                options.add(cookie);
            }
            copy.addRecord(Edns.responseOpt(queryOpt, rcode, options), Section.ADDITIONAL);
        }
        return copy;
    }
}
