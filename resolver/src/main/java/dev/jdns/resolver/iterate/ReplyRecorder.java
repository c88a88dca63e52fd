package dev.jdns.resolver.iterate;

import dev.jdns.resolver.cache.AnswerCache;
import dev.jdns.resolver.cache.CachedAnswer;
import dev.jdns.resolver.cache.Delegation;
import dev.jdns.resolver.cache.DelegationCache;
import dev.jdns.resolver.cache.NameServer;
import dev.jdns.resolver.cache.Trust;
import dev.jdns.resolver.core.Question;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/**
 * Stores what a scrubbed reply taught: answer RRsets ranked by trust (RFC 2181 §5.4.1), negative answers with their
 * SOA (RFC 2308 §5), and zone cuts with their glue. Glue goes to the delegation cache only, as addresses for the
 * next hop, so it can never overwrite or pose as an authoritative answer.
 */
final class ReplyRecorder {

    private final AnswerCache answers;
    private final DelegationCache delegations;

    ReplyRecorder(AnswerCache answers, DelegationCache delegations) {
        this.answers = answers;
        this.delegations = delegations;
    }

    void cacheAnswerSection(ScrubbedReply reply) {
        Trust trust = reply.authoritative() ? Trust.AUTHORITATIVE_ANSWER : Trust.NON_AUTHORITATIVE_ANSWER;
        for (RRset rrset : reply.answer()) {
            answers.putRRset(rrset, trust, expandedFromWildcard(rrset) ? reply.proofs() : List.of());
        }
    }

    /**
     * Whether an RRSIG says the RRset was synthesised from a wildcard: its labels field counts fewer labels than the
     * owner has (RFC 4035 §5.3.2; the root label is not counted).
     */
    private static boolean expandedFromWildcard(RRset rrset) {
        int ownerLabels = rrset.getName().labels() - 1;
        return rrset.sigs().stream().anyMatch(sig -> sig.getLabels() < ownerLabels);
    }

    void cacheRRset(RRset rrset, ScrubbedReply from) {
        answers.putRRset(rrset, from.authoritative() ? Trust.AUTHORITATIVE_ANSWER : Trust.NON_AUTHORITATIVE_ANSWER);
    }

    /**
     * Caches NXDOMAIN for {@code name} and returns the SOA to show the client: as cached, so its TTL is the
     * negative TTL, min(SOA TTL, MINIMUM) capped (RFC 2308 §3, §5). Without an SOA there is no negative TTL and
     * nothing is cached.
     */
    Optional<SOARecord> cacheNxDomain(Name name, Question question, ScrubbedReply reply) {
        Optional<SOARecord> soa = reply.soa();
        soa.ifPresent(record -> answers.putNxDomain(name, question.dclass(), record, reply.proofs()));
        return negativeSoaAsCached(name, question, soa);
    }

    /** As {@link #cacheNxDomain}, for "no data of this type". */
    Optional<SOARecord> cacheNoData(Name name, Question question, ScrubbedReply reply) {
        Optional<SOARecord> soa = reply.soa();
        soa.ifPresent(record -> answers.putNoData(name, question.type(), question.dclass(), record,
                reply.proofs()));
        return negativeSoaAsCached(name, question, soa);
    }

    private Optional<SOARecord> negativeSoaAsCached(Name name, Question question, Optional<SOARecord> soa) {
        Optional<SOARecord> cached = answers.lookup(name, question.type(), question.dclass())
                .flatMap(answer -> switch (answer) {
                    case CachedAnswer.NxDomain nx -> Optional.of(nx.soa());
                    case CachedAnswer.NoData noData -> Optional.of(noData.soa());
                    default -> Optional.<SOARecord>empty();
                });
        return cached.isPresent() ? cached : soa;
    }

    /**
     * Records the child zone of a referral with the glue the reply carried, and returns the parent's side of the cut
     * as the cache now knows it (with addresses learned earlier for the same NS names), or as the reply gave it
     * when it could not be cached (TTL 0). The parent's side even where the child's own NS set is known: a
     * referral is asked for when the child's servers failed.
     */
    Delegation cacheReferral(RRset childNs, ScrubbedReply reply) {
        List<NameServer> servers = serversWithGlue(childNs, reply);
        Name child = childNs.getName();
        delegations.put(child, servers, childNs.getTTL(), Trust.REFERRAL);
        return delegations.parentSide(child)
                .orElseGet(() -> new Delegation(child, servers, Trust.REFERRAL, childNs.getTTL()));
    }

    /**
     * Records the root's NS set from a priming reply (RFC 9609 §4) with the addresses its additional section gave,
     * as the root cut iteration starts from for the set's TTL. It takes the hints' place, so it is stored as the
     * cut's referral side: for the root the hints play the parent's part, and a root server's NS set in a later
     * reply is the child's side as for any other cut ({@link #cacheApexNs}).
     *
     * @return whether it is now cached
     */
    boolean cacheRootNs(RRset rootNs, ScrubbedReply reply) {
        return delegations.put(Name.root, serversWithGlue(rootNs, reply), rootNs.getTTL(), Trust.REFERRAL);
    }

    /**
     * Records the NS set an authoritative server gave for its own zone's apex (in the answer to an NS question, or
     * in the authority section beside an answer), with the addresses it gave for them: the child's side of the cut,
     * which outranks the parent's referral (RFC 2181 §5.4.1) but never outlives it ({@link DelegationCache#put}).
     */
    void cacheApexNs(ScrubbedReply reply) {
        if (!reply.authoritative()) {
            return;
        }
        reply.apexNs().ifPresent(ns -> delegations.put(ns.getName(), serversWithGlue(ns, reply), ns.getTTL(),
                Trust.AUTHORITATIVE_AUTHORITY));
    }

    private static List<NameServer> serversWithGlue(RRset ns, ScrubbedReply reply) {
        return ScrubbedReply.nsTargets(ns).stream()
                .map(target -> new NameServer(target, glueAddresses(reply, target)))
                .toList();
    }

    private static List<InetAddress> glueAddresses(ScrubbedReply reply, Name target) {
        return reply.addressesOf(target).stream()
                .flatMap(rrset -> rrset.rrs(false).stream())
                .map(ReplyRecorder::addressOf)
                .flatMap(Optional::stream)
                .distinct()
                .toList();
    }

    static Optional<InetAddress> addressOf(Record record) {
        return switch (record) {
            case ARecord a -> Optional.of(a.getAddress());
            case AAAARecord aaaa -> Optional.of(aaaa.getAddress());
            default -> Optional.empty();
        };
    }
}
