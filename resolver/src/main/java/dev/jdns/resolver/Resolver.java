package dev.jdns.resolver;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.jdns.resolver.cache.AnswerCache;
import dev.jdns.resolver.cache.DelegationCache;
import dev.jdns.resolver.core.BudgetExhaustedException;
import dev.jdns.resolver.core.Question;
import dev.jdns.resolver.core.ResolutionBudget;
import dev.jdns.resolver.core.ResolutionContext;
import dev.jdns.resolver.core.ResolutionEvent;
import dev.jdns.resolver.core.ResolutionLimits;
import dev.jdns.resolver.core.ResolutionObserver;
import dev.jdns.resolver.core.RootHints;
import dev.jdns.resolver.core.StepAnswer;
import dev.jdns.resolver.hosts.HostsFile;
import dev.jdns.resolver.iterate.Recursor;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * The recursive pipeline, top to bottom in the order a lookup takes: hosts file, then cache, then iteration;
 * an alias restarts the pipeline for its target at the hosts file, and the client gets the whole chain. Build one
 * with {@link ResolverBuilder}. Thread-safe: one instance serves every client.
 */
public final class Resolver {

    private final LocalAnswers local;
    private final AnswerCache answers;
    private final DelegationCache delegations;
    private final Recursor recursor;
    private final RootHints rootHints;
    private final ResolutionLimits limits;
    private final ResolutionObserver observer;
    private final LongSupplier nanoClock;
    private final Ticker cacheClock;
    private final InFlightResolutions inFlight = new InFlightResolutions();
    private final AtomicReference<Generation> generation = new AtomicReference<>(new Generation(null, 0));

    /** What replies kept outside the resolver depend on: the hosts table, and how many flushes happened. */
    private record Generation(Object hosts, long flushes) {}

    Resolver(HostsFile hosts, AnswerCache answers, DelegationCache delegations, Recursor recursor,
            RootHints rootHints, ResolutionLimits limits, ResolutionObserver observer, LongSupplier nanoClock,
            Ticker cacheClock) {
        this.local = new LocalAnswers(hosts, answers);
        this.answers = answers;
        this.delegations = delegations;
        this.recursor = recursor;
        this.rootHints = rootHints;
        this.limits = limits;
        this.observer = observer;
        this.nanoClock = nanoClock;
        this.cacheClock = cacheClock;
    }

    /** Entries in the answer and delegation caches now (Caffeine's estimate), for metrics. */
    public long cachedEntries() {
        return answers.estimatedSize() + delegations.estimatedSize();
    }

    /** Bytes the answer and delegation caches hold by their own weighing, for metrics. */
    public long cachedBytes() {
        return answers.estimatedBytes() + delegations.estimatedBytes();
    }

    /**
     * An object whose identity changes when answers may change other than by cached TTLs running out: the hosts
     * file's table (checked for changes as a lookup would). For replies kept outside the resolver.
     */
    public Object answerGeneration() {
        Object hosts = local.hostsGeneration();
        Generation current = generation.get();
        if (current.hosts() == hosts) {
            return current;
        }
        generation.compareAndSet(current, new Generation(hosts, current.flushes()));
        return generation.get();
    }

    /**
     * Forgets the cached answers and zone cuts whose owner name {@code which} picks (an operator's flush), and
     * starts a new {@link #answerGeneration()} so that no reply kept from before is sent again.
     *
     * @return how many entries were removed
     */
    public long forget(Predicate<Name> which) {
        long removed = answers.removeIf(which) + delegations.removeIf(which);
        generation.updateAndGet(g -> new Generation(g.hosts(), g.flushes() + 1));
        return removed;
    }

    /** Every live answer in the cache, TTLs counted down (a dump). */
    public void forEachCachedAnswer(Consumer<AnswerCache.Snapshot> sink) {
        answers.forEachEntry(sink);
    }

    /** Puts a dumped answer back in the cache (see {@link AnswerCache#restore}); false when it is refused. */
    public boolean restore(AnswerCache.Snapshot entry) {
        return answers.restore(entry);
    }

    /** The clock cached TTLs count down by, in nanoseconds. */
    public long cacheNanoTime() {
        return cacheClock.read();
    }

    /** Resolves with the resolver's own observer. */
    public Resolution resolve(Question question, boolean recursionDesired) {
        return resolve(question, recursionDesired, ResolutionObserver.NONE);
    }

    /**
     * Answers {@code question}. Without {@code recursionDesired} only the hosts file and the cache are consulted
     * (no iteration without RD, as Unbound); on a miss the reply is a referral to the closest known zone cut.
     *
     * @param extraObserver sees this resolution's steps as well as the resolver's own observer (a trace)
     */
    public Resolution resolve(Question question, boolean recursionDesired, ResolutionObserver extraObserver) {
        return resolve(question, recursionDesired, extraObserver, false);
    }

    /**
     * As {@link #resolve(Question, boolean, ResolutionObserver)}; with {@code withDnssec} the reply also carries the
     * RRSIGs and NSEC/NSEC3 proofs known for the answer (for a client that set DO, and for the validator). The data
     * is not validated here: that is {@code dev.jdns.resolver.validate.Validator}'s job.
     */
    public Resolution resolve(Question question, boolean recursionDesired, ResolutionObserver extraObserver,
            boolean withDnssec) {
        ResolutionContext context = new ResolutionContext(new ResolutionBudget(limits, nanoClock),
                observer.and(Objects.requireNonNull(extraObserver, "extraObserver")));
        AliasChain chain = new AliasChain(question, limits.maxAliasHops(), withDnssec);
        Question q = question;
        while (true) {
            Question step = q;
            FoundAnswer found = local.fromHosts(step, context)
                    .or(() -> local.fromCache(step, context))
                    .orElseGet(() -> recursionDesired
                            ? new FoundAnswer(iterate(step, context), AnswerSource.UPSTREAM)
                            : new FoundAnswer(notCached(step), AnswerSource.CLOSEST_CUT));
            StepAnswer answer = found.answer();
            if (!(answer instanceof StepAnswer.Alias alias) || step.type() == Type.CNAME) {
                return finish(question, chain.complete(answer, found.source()), answer, context);
            }
            Optional<Question> next = chain.follow(step, alias);
            if (next.isEmpty()) {
                StepAnswer failed = new StepAnswer.ServFail(chain.failure().orElseThrow());
                return finish(question, chain.complete(failed, found.source()), failed, context);
            }
            context.emit(new ResolutionEvent.AliasRestart(step, alias.target(), chain.hops()));
            q = next.get();
        }
    }

    /**
     * Iterates, sharing the work with an identical question already in flight. A failure (budget spent, no server
     * usable) is remembered briefly so clients retrying at once do not hammer a broken delegation (RFC 9520 §3.2).
     */
    private StepAnswer iterate(Question question, ResolutionContext context) {
        return inFlight.resolveOnce(question, context, () -> {
            StepAnswer answer;
            try {
                answer = recursor.resolve(question, context);
            } catch (BudgetExhaustedException e) {
                answer = new StepAnswer.ServFail("budget exhausted: " + e.getMessage());
            }
            if (answer instanceof StepAnswer.ServFail) {
                answers.putServFail(question.name(), question.type(), question.dclass());
            }
            return answer;
        });
    }

    private StepAnswer notCached(Question question) {
        return new StepAnswer.NotCached(
                delegations.closestEnclosing(question.name()).orElseGet(rootHints::rootDelegation));
    }

    private static Resolution finish(Question question, Resolution resolution, StepAnswer last,
            ResolutionContext context) {
        String failure = last instanceof StepAnswer.ServFail fail ? fail.reason() : null;
        context.emit(new ResolutionEvent.Outcome(question, resolution.rcode(), resolution.answer().size(), failure));
        if (last instanceof StepAnswer.ServFail fail && resolution.rcode() == Rcode.SERVFAIL) {
            // RFC 8914: the reason goes to the client as an Extended DNS Error, its text the reason jdns logs.
            return resolution.withError(new ExtendedErrorCodeOption(fail.kind().code(), fail.reason()));
        }
        return resolution;
    }

    /**
     * Whether the hosts file answers {@code question}: local data, which no DNSSEC signature covers and which is
     * given as it is (as Unbound answers its local-data before the validator).
     */
    public boolean answeredByHostsFile(Question question) {
        return local.inHosts(question);
    }

    /** Questions being iterated right now (for tests and metrics). */
    int inFlightCount() {
        return inFlight.size();
    }
}
