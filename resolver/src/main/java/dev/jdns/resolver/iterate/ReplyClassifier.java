package dev.jdns.resolver.iterate;

import dev.jdns.resolver.core.Question;
import dev.jdns.transport.Names;
import java.util.Optional;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Says what a scrubbed reply means for the question, without acting on it: the recursor acts on the
 * {@link ReplyOutcome}, the classifier never acts (the split of Unbound's {@code iter_resptype}). The order of the
 * checks is the decision: data beats aliases, a DNAME beats the CNAME synthesised from it, and only a reply with
 * neither an answer nor an error is a referral, a negative answer or lame.
 *
 * <p>Where this departs from {@code iter_resptype}: a negative answer counts only when the {@link ServerRole} of
 * its sender vouches for it. Unbound takes a NOERROR reply with no answer and the zone's SOA in the authority section
 * as a NODATA answer whatever its AA bit; here, from a zone's server, an NXDOMAIN or an empty NOERROR needs AA=1,
 * and without it the reply is lame: the next server is tried and nothing is cached. The reason: a server asked
 * with RD=0 answers from the zones it holds (RFC 1034 §4.3.1) and sets AA when it is an authority for the name
 * (RFC 1035 §4.1.1, where a Name Error is meaningful only from an authoritative server), and RFC 2308 §2 defines
 * NXDOMAIN and NODATA as authoritative answers. A non-authoritative negative answer comes from a server that does
 * not hold the zone (lame, or answering from its cache), and caching it would let that server deny a name that
 * exists. Only a {@link ServerRole#FORWARDER}'s negative answer is believed without AA.
 */
public final class ReplyClassifier {

    public ReplyOutcome classify(ScrubbedReply reply, Question question, ServerRole sender) {
        if (reply.rcode() != Rcode.NOERROR && reply.rcode() != Rcode.NXDOMAIN) {
            return new ReplyOutcome.TryNext(reply, false);
        }
        Name name = question.name();
        boolean vouched = sender.vouchesForNegative(reply);
        if (hasData(reply, question)) {
            return new ReplyOutcome.Answer(reply);
        }
        Optional<RRset> dname = question.type() == Type.DNAME ? Optional.empty() : dnameAbove(reply, name);
        if (dname.isPresent()) {
            return new ReplyOutcome.Dname(reply, dname.get(), vouched);
        }
        Optional<RRset> cname = reply.answerRRset(name, Type.CNAME);
        if (cname.isPresent()) {
            return new ReplyOutcome.Alias(reply, cname.get(), vouched);
        }
        if (reply.rcode() == Rcode.NXDOMAIN) {
            return vouched ? new ReplyOutcome.NxDomain(reply) : new ReplyOutcome.TryNext(reply, true);
        }
        Optional<RRset> childNs = reply.delegationBelowZone();
        if (childNs.isPresent() && reply.soa().isEmpty()) {
            // RFC 1034 §4.3.2 step 3b: a referral. The scrubber kept only NS sets between the zone and the name,
            // so "below the zone" is exactly "downward, toward the name". (AA set on a referral is a common server
            // bug and does not change what it is.)
            return new ReplyOutcome.Referral(reply, childNs.get());
        }
        // No answer, no downward referral: the name exists without data of the type (RFC 2308 §2.2, with the SOA
        // or with only the zone's own NS set), if the sender vouches for it; otherwise an upward/sideways referral
        // or an empty reply from a server that does not serve the zone.
        return vouched ? new ReplyOutcome.NoData(reply) : new ReplyOutcome.TryNext(reply, true);
    }

    private static boolean hasData(ScrubbedReply reply, Question question) {
        if (question.type() == Type.ANY) {
            return reply.answer().stream().anyMatch(rrset -> rrset.getName().equals(question.name()));
        }
        return reply.answerRRset(question.name(), question.type()).isPresent();
    }

    /** The DNAME RRset whose owner is a proper ancestor of {@code name}, if the answer has one. */
    private static Optional<RRset> dnameAbove(ScrubbedReply reply, Name name) {
        return reply.answer().stream()
                .filter(rrset -> rrset.getType() == Type.DNAME)
                .filter(rrset -> Names.strictlyBelow(name, rrset.getName()))
                .findFirst();
    }
}
