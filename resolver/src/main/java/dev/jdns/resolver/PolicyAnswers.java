package dev.jdns.resolver;

import dev.jdns.resolver.AnswerSource.Policy.Disposition;
import dev.jdns.resolver.core.Question;
import dev.jdns.resolver.core.ResolutionContext;
import dev.jdns.resolver.core.ResolutionEvent;
import dev.jdns.resolver.core.StepAnswer;
import dev.jdns.resolver.policy.PolicyAction;
import dev.jdns.resolver.policy.PolicyMatch;
import dev.jdns.resolver.policy.ResponsePolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The response policy stage of the pipeline, after the hosts file and before the cache: the policy zones' rule
 * for each name the lookup reaches (the question, and every alias target, as Unbound and BIND apply QNAME triggers
 * to each name of a CNAME chain), turned into an answer for that name.
 */
final class PolicyAnswers {

    private final ResponsePolicy policy;

    PolicyAnswers(ResponsePolicy policy) {
        this.policy = policy;
    }

    /** The policy's answer for {@code question}; empty when no rule applies or the rule lets the lookup through. */
    Optional<FoundAnswer> answer(Question question, PolicyScope scope, ResolutionContext context) {
        Optional<PolicyMatch> rule = applicable(question.name(), scope);
        if (rule.isEmpty()) {
            return Optional.empty();
        }
        PolicyMatch match = rule.get();
        context.emit(new ResolutionEvent.PolicyHit(question, match.zone(), match.trigger(),
                match.action().describe(), decides(match.action(), scope)));
        StepAnswer withheld = new StepAnswer.NoData(null);
        return switch (match.action()) {
            case PolicyAction.Passthru passthru -> Optional.empty();
            case PolicyAction.TcpOnly tcpOnly -> scope == PolicyScope.TCP_CLIENT ? Optional.empty()
                    : found(withheld, match, Disposition.TRUNCATE);
            case PolicyAction.Drop drop -> found(withheld, match, Disposition.DROP);
            case PolicyAction.NxDomain nx -> found(new StepAnswer.NxDomain(match.soa()), match, Disposition.ANSWER);
            case PolicyAction.NoData nd -> found(new StepAnswer.NoData(match.soa()), match, Disposition.ANSWER);
            case PolicyAction.LocalData data -> found(localData(data, question, match), match, Disposition.ANSWER);
        };
    }

    /**
     * Whether the policy answers {@code question} itself (not a passthru, nor a TCP-only rule for a TCP client):
     * such an answer is local data that no signature covers.
     */
    boolean decides(Question question, PolicyScope scope) {
        return applicable(question.name(), scope).filter(match -> decides(match.action(), scope)).isPresent();
    }

    private static boolean decides(PolicyAction action, PolicyScope scope) {
        return !(action instanceof PolicyAction.Passthru)
                && !(action instanceof PolicyAction.TcpOnly && scope == PolicyScope.TCP_CLIENT);
    }

    /** See {@link ResponsePolicy#generation()}. */
    Object generation() {
        return policy.generation();
    }

    boolean isEmpty() {
        return policy.isEmpty();
    }

    private Optional<PolicyMatch> applicable(Name name, PolicyScope scope) {
        return scope == PolicyScope.NONE || policy.isEmpty() ? Optional.empty() : policy.match(name);
    }

    /**
     * RFC 8914: NXDOMAIN and NODATA from a policy are Blocked (§4.16: a security policy of the server the client
     * talks to); local data and rewrites are Forged Answer (§4.5: the data is not what the authority says).
     * Filtered (§4.18) is for filtering the client asked for, which a policy zone does not know of.
     */
    static ExtendedErrorCodeOption extendedError(StepAnswer answer, Name zone) {
        int code = answer instanceof StepAnswer.NxDomain || answer instanceof StepAnswer.NoData
                ? ExtendedErrorCodeOption.BLOCKED : ExtendedErrorCodeOption.FORGED_ANSWER;
        return new ExtendedErrorCodeOption(code, "response policy zone " + zone);
    }

    private static Optional<FoundAnswer> found(StepAnswer answer, PolicyMatch match, Disposition disposition) {
        return Optional.of(new FoundAnswer(answer, new AnswerSource.Policy(match.zone(), disposition)));
    }

    /**
     * The local data at the trigger as the answer for {@code question} (draft-vixie-dnsop-dns-rpz):
     * owners are the question's name (a wildcard's data is synthesised for it); a CNAME is an alias to resolve,
     * its target {@code *.suffix} standing for the question's name prepended to suffix; a type the trigger does
     * not hold is NODATA.
     */
    private static StepAnswer localData(PolicyAction.LocalData data, Question question, PolicyMatch match) {
        Name name = question.name();
        if (question.type() == Type.ANY) {
            return new StepAnswer.Data(data.rrsets().values().stream().map(rrset -> owned(rrset, name)).toList());
        }
        Optional<Name> target = data.cnameTarget();
        if (target.isPresent()) {
            return rewrite(name, (CNAMERecord) data.rrsets().get(Type.CNAME).first(), target.get(), match);
        }
        RRset exact = data.rrsets().get(question.type());
        return exact != null ? new StepAnswer.Data(List.of(owned(exact, name))) : new StepAnswer.NoData(match.soa());
    }

    /** {@code name} as an alias (a CNAME query gets it as its answer, RFC 1034 §3.6.2). */
    private static StepAnswer rewrite(Name name, CNAMERecord cname, Name target, PolicyMatch match) {
        try {
            Name resolved = target.isWild()
                    ? Name.concatenate(name.relativize(Name.root), new Name(target, 1)) : target;
            RRset alias = new RRset(new CNAMERecord(name, cname.getDClass(), cname.getTTL(), resolved));
            return new StepAnswer.Alias(List.of(alias), resolved);
        } catch (NameTooLongException e) {
            // The name and the garden's suffix do not fit in 255 octets: the name cannot be rewritten there.
            return new StepAnswer.NxDomain(match.soa());
        }
    }

    private static RRset owned(RRset rrset, Name owner) {
        List<Record> records = new ArrayList<>();
        rrset.rrs(false).forEach(record -> records.add(record.withName(owner)));
        RRset copy = new RRset();
        records.forEach(copy::addRR);
        return copy;
    }
}
