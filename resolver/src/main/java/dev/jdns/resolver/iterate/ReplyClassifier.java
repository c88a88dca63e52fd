package dev.jdns.resolver.iterate;

import dev.jdns.resolver.core.Question;
import dev.jdns.resolver.core.ReplyKind;
import java.util.Optional;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Says what a scrubbed reply means for the question, without acting on it (Unbound's {@code iter_resptype}). The
 * order of the checks is the decision: data beats aliases, a DNAME beats the CNAME synthesised from it, and only a
 * reply with neither an answer nor an error is a referral, a negative answer or lame. A negative answer counts only
 * when the {@link ServerRole} of its sender vouches for it: from a zone's server, only with AA=1 (RFC 1035 §4.1.1,
 * RFC 2308 §2); an NXDOMAIN or empty NOERROR without AA is {@link ReplyKind#LAME}, so the next server is tried
 * and nothing is cached.
 */
public final class ReplyClassifier {

    public ReplyKind classify(ScrubbedReply reply, Question question, ServerRole sender) {
        if (reply.rcode() != Rcode.NOERROR && reply.rcode() != Rcode.NXDOMAIN) {
            return ReplyKind.ERROR;
        }
        Name name = question.name();
        if (hasData(reply, question)) {
            return ReplyKind.ANSWER;
        }
        if (question.type() != Type.DNAME && dnameAbove(reply, name).isPresent()) {
            return ReplyKind.DNAME;
        }
        if (reply.answerRRset(name, Type.CNAME).isPresent()) {
            return ReplyKind.CNAME;
        }
        if (reply.rcode() == Rcode.NXDOMAIN) {
            return sender.vouchesForNegative(reply) ? ReplyKind.NXDOMAIN : ReplyKind.LAME;
        }
        if (reply.delegationBelowZone().isPresent() && reply.soa().isEmpty()) {
            // RFC 1034 §4.3.2 step 3b: a referral. The scrubber kept only NS sets between the zone and the name,
            // so "below the zone" is exactly "downward, toward the name". (AA set on a referral is a common server
            // bug and does not change what it is.)
            return ReplyKind.REFERRAL;
        }
        // No answer, no downward referral: the name exists without data of the type (RFC 2308 §2.2), if the sender
        // vouches for it; otherwise an upward/sideways referral or an empty reply from a server that does not serve
        // the zone.
        return sender.vouchesForNegative(reply) ? ReplyKind.NODATA : ReplyKind.LAME;
    }

    private static boolean hasData(ScrubbedReply reply, Question question) {
        if (question.type() == Type.ANY) {
            return reply.answer().stream().anyMatch(rrset -> rrset.getName().equals(question.name()));
        }
        return reply.answerRRset(question.name(), question.type()).isPresent();
    }

    /** The DNAME RRset whose owner is a proper ancestor of {@code name}, if the answer has one. */
    static Optional<RRset> dnameAbove(ScrubbedReply reply, Name name) {
        return reply.answer().stream()
                .filter(rrset -> rrset.getType() == Type.DNAME)
                .filter(rrset -> name.subdomain(rrset.getName()) && !name.equals(rrset.getName()))
                .findFirst();
    }
}
