package dev.jdns.authoritative;

import dev.jdns.transport.Replies;
import java.util.Optional;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Answers the CHAOS-class TXT questions operators use to ask a server what it is: {@code version.bind} and
 * {@code version.server} (software version), {@code hostname.bind} and {@code id.server} (which instance,
 * RFC 4892 §2). Either answer can be hidden; a hidden or unknown name gets REFUSED, as NSD does.
 */
public record ChaosIdentity(Optional<String> version, Optional<String> identity) {

    /** TTL 0: the answer describes this instance and must not be cached on behalf of others. */
    private static final long TTL = 0;

    private static final Name VERSION_BIND = Name.fromConstantString("version.bind.");
    private static final Name VERSION_SERVER = Name.fromConstantString("version.server.");
    private static final Name HOSTNAME_BIND = Name.fromConstantString("hostname.bind.");
    private static final Name ID_SERVER = Name.fromConstantString("id.server.");

    /** Answers nothing: every CHAOS query is refused. */
    public static ChaosIdentity hidden() {
        return new ChaosIdentity(Optional.empty(), Optional.empty());
    }

    public Message answer(Message query) {
        Record question = query.getQuestion();
        Optional<String> text = textFor(question.getName());
        int qtype = question.getType();
        if (text.isEmpty() || (qtype != Type.TXT && qtype != Type.ANY)) {
            return Replies.refused(query);
        }
        Message reply = Replies.replyTo(query);
        reply.getHeader().setFlag(Flags.AA);
        reply.addRecord(new TXTRecord(question.getName(), DClass.CH, TTL, text.get()), Section.ANSWER);
        return reply;
    }

    private Optional<String> textFor(Name name) {
        if (name.equals(VERSION_BIND) || name.equals(VERSION_SERVER)) {
            return version;
        }
        if (name.equals(HOSTNAME_BIND) || name.equals(ID_SERVER)) {
            return identity;
        }
        return Optional.empty();
    }
}
