package dev.jdns.transport;

import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/** Starting points for replies, so every handler echoes the query the same way. */
public final class Replies {

    private Replies() {}

    /**
     * An empty reply to {@code query}: same ID and opcode, QR set, RD and CD copied (RFC 1035 §4.1.1,
     * RFC 4035 §3.1.6), the question exactly as asked, case included (RFC 1035 §7.3 asks resolvers to match
     * it; RFC 4343 §4.1 says servers should preserve it). The OPT record is the front end's job.
     */
    public static Message replyTo(Message query) {
        Header queryHeader = query.getHeader();
        Message reply = new Message(queryHeader.getID());
        Header header = reply.getHeader();
        header.setFlag(Flags.QR);
        header.setOpcode(queryHeader.getOpcode());
        copyFlag(queryHeader, header, Flags.RD);
        copyFlag(queryHeader, header, Flags.CD);
        Record question = query.getQuestion();
        if (question != null) {
            reply.addRecord(question, Section.QUESTION);
        }
        return reply;
    }

    /** A reply carrying only an rcode (the question echoed). */
    public static Message error(Message query, int rcode) {
        Message reply = replyTo(query);
        reply.getHeader().setRcode(rcode);
        return reply;
    }

    /** Shorthand for {@link #error(Message, int)} with {@link Rcode#REFUSED}. */
    public static Message refused(Message query) {
        return error(query, Rcode.REFUSED);
    }

    private static void copyFlag(Header from, Header to, int flag) {
        if (from.getFlag(flag)) {
            to.setFlag(flag);
        }
    }
}
