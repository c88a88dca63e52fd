package dev.jdns.resolver.iterate;

import dev.jdns.resolver.cache.Delegation;
import dev.jdns.resolver.cache.DelegationCache;
import dev.jdns.resolver.cache.NameServer;
import dev.jdns.resolver.core.Question;
import dev.jdns.resolver.core.ResolutionContext;
import dev.jdns.resolver.core.ResolutionEvent;
import dev.jdns.resolver.core.RootHints;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Type;

/**
 * Priming (RFC 9609, which obsoletes RFC 8109): before iterating from the root hints, one of their servers is asked
 * for the root's own NS set ({@code . NS}, RD=0, §3), and iteration starts from what it says, with the addresses its
 * additional section gives (§4), for that set's TTL; once it has expired the next question primes again (§3.1). The
 * hints are a file that may be years old; the root's answer is current, as Unbound, BIND and Knot Resolver use it.
 *
 * <p>One priming at a time: a question that arrives while another primes starts from the hints, as every question
 * did before priming, rather than wait for it or send a second priming query. A priming without a usable answer
 * (every hint server failed, or none answered with the root's NS set and an address for one of its names) leaves
 * the question to start from the hints, and is remembered in the failure memory: no priming again until its
 * backoff ends (doubling while the failures repeat, as for a failing zone). The primed set is not validated (§3.3
 * leaves it to the resolver): like any referral it only says where to ask, and answers are validated on their own
 * chain of trust.
 */
final class RootPrimer {

    private static final Question PRIMING_QUESTION = Question.in(Name.root, Type.NS);

    private final RootHints hints;
    private final DelegationCache delegations;
    private final ZoneQuerier querier;
    private final ReplyRecorder recorder;
    private final FailureMemory failures;
    private final AtomicBoolean priming = new AtomicBoolean();

    RootPrimer(RootHints hints, DelegationCache delegations, ZoneQuerier querier, ReplyRecorder recorder,
            FailureMemory failures) {
        this.hints = hints;
        this.failures = failures;
        this.delegations = delegations;
        this.querier = querier;
        this.recorder = recorder;
    }

    /** The root's cut to start from: the primed NS set while it is cached, else a priming now, else the hints. */
    Delegation rootCut(ResolutionContext context) {
        Optional<Delegation> cached = delegations.get(Name.root);
        if (cached.isPresent()) {
            return cached.get();
        }
        if (failures.primingBackedOff() || !priming.compareAndSet(false, true)) {
            return hints.rootDelegation();
        }
        try {
            Optional<Delegation> primed = prime(context);
            if (primed.isPresent()) {
                failures.primingSucceeded();
                return primed.get();
            }
            failures.primingFailed();
            return hints.rootDelegation();
        } finally {
            priming.set(false);
        }
    }

    /** The hints themselves, as the cut to start from again when the primed NS set failed. */
    Delegation hintsFor(Question question, ResolutionContext context) {
        context.emit(new ResolutionEvent.StartingPoint(question, Name.root, true));
        return hints.rootDelegation();
    }

    /** Whether {@code cut} is the hints themselves (not a primed or cached NS set). */
    boolean isHints(Delegation cut) {
        return cut == hints.rootDelegation();
    }

    private Optional<Delegation> prime(ResolutionContext context) {
        ZoneQuerier.Attempt attempt = querier.ask(hints.rootDelegation(), PRIMING_QUESTION, false, context);
        if (!(attempt.reply().orElse(null) instanceof ReplyOutcome.Answer answer) || !answer.reply().authoritative()) {
            return Optional.empty();
        }
        ScrubbedReply reply = answer.reply();
        Optional<RRset> rootNs = reply.answerRRset(Name.root, Type.NS);
        if (rootNs.isEmpty()) {
            return Optional.empty();
        }
        recorder.cacheAnswerSection(reply);
        if (!recorder.cacheRootNs(rootNs.get(), reply)) {
            return Optional.empty();
        }
        Optional<Delegation> primed = delegations.get(Name.root)
                .filter(cut -> cut.servers().stream().anyMatch(NameServer::hasAddresses));
        if (primed.isEmpty()) {
            // §4.2 would have the resolver look the addresses up; doing it from a root it cannot reach yet would
            // go round in a circle, so the hints serve until a priming reply carries addresses.
            delegations.removeIf(Name.root::equals);
            return Optional.empty();
        }
        context.emit(new ResolutionEvent.RootPrimed(primed.get().servers().stream().map(NameServer::name).toList(),
                primed.get().ttlSeconds()));
        return primed;
    }
}
