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
import dev.jdns.resolver.policy.ResponsePolicy;
import java.util.List;
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
    private final PolicyAnswers policy;
    private final AnswerCache answers;
    private final DelegationCache delegations;
    private final Recursor recursor;
    private final RootHints rootHints;
    private final ResolutionLimits limits;
    private final ResolutionObserver observer;
    private final LongSupplier nanoClock;
    private final Ticker cacheClock;
    private final InFlightResolutions inFlight = new InFlightResolutions();
    private final AtomicReference<Generation> generation =
            new AtomicReference<>(new Generation(null, null, 0));
    private final BackgroundRefresh refreshes;
    private final Optional<ServeStale> serveStale;
    private final Optional<Prefetcher> prefetcher;

    Resolver(HostsFile hosts, ResponsePolicy policy, AnswerCache answers, DelegationCache delegations,
            Recursor recursor, RootHints rootHints, ResolutionLimits limits, ResolutionObserver observer,
            LongSupplier nanoClock, Ticker cacheClock, RefreshPolicy refreshPolicy) {
        this.local = new LocalAnswers(hosts, answers);
        this.policy = new PolicyAnswers(policy);
        this.answers = answers;
        this.delegations = delegations;
        this.recursor = recursor;
        this.rootHints = rootHints;
        this.limits = limits;
        this.observer = observer;
        this.nanoClock = nanoClock;
        this.cacheClock = cacheClock;
        // A refresh answers no client to the end: its events go to the resolver's observer (log, metrics) only.
        this.refreshes = new BackgroundRefresh(refreshPolicy.maxRefreshes(), this::iterate,
                () -> new ResolutionContext(new ResolutionBudget(limits, nanoClock), observer));
        this.serveStale = refreshPolicy.serveStale()
                ? Optional.of(new ServeStale(local, refreshes, refreshPolicy.clientResponseTimer()))
                : Optional.empty();
        this.prefetcher = refreshPolicy.prefetch() ? Optional.of(new Prefetcher(answers, refreshes))
                : Optional.empty();
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
     * file's table, the policy zones (checked for changes as a lookup would) and an operator's flush. For replies
     * kept outside the resolver.
     */
    public Object answerGeneration() {
        Object hosts = local.hostsGeneration();
        Object policyNow = policy.isEmpty() ? null : policy.generation();
        Generation current = generation.get();
        if (current.hosts() == hosts && current.policy() == policyNow) {
            return current;
        }
        generation.compareAndSet(current, new Generation(hosts, policyNow, current.flushes()));
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
        generation.updateAndGet(g -> new Generation(g.hosts(), g.policy(), g.flushes() + 1));
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

    /**
     * One version of what replies kept outside the resolver depend on: the hosts table, the policy zones, and how
     * many flushes happened; kept while none changes, as reuse compares identities.
     */
    private record Generation(Object hosts, Object policy, long flushes) {}

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
     * is not validated here: that is {@code dev.jdns.resolver.validate.Validator}'s job. No response policy.
     */
    public Resolution resolve(Question question, boolean recursionDesired, ResolutionObserver extraObserver,
            boolean withDnssec) {
        return resolve(question, recursionDesired, extraObserver, withDnssec, PolicyScope.NONE);
    }

    /**
     * As {@link #resolve(Question, boolean, ResolutionObserver, boolean)}, for a client in {@code scope}: the
     * response policy zones rewrite each name of the lookup after the hosts file. A reply the policy withholds
     * (dropped, or truncated for TCP) has an {@link AnswerSource.Policy} source saying so.
     */
    public Resolution resolve(Question question, boolean recursionDesired, ResolutionObserver extraObserver,
            boolean withDnssec, PolicyScope scope) {
        ResolutionContext context = new ResolutionContext(new ResolutionBudget(limits, nanoClock),
                observer.and(Objects.requireNonNull(extraObserver, "extraObserver")));
        AliasChain chain = new AliasChain(question, limits.maxAliasHops(), withDnssec);
        ExtendedErrorCodeOption policyError = null;
        Question q = question;
        boolean stale = false;
        while (true) {
            Question step = q;
            FoundAnswer found = local.fromHosts(step, context)
                    .or(() -> policy.answer(step, scope, context))
                    .or(() -> fromCache(step, recursionDesired, context))
                    .orElseGet(() -> recursionDesired
                            ? fromUpstream(step, context)
                            : new FoundAnswer(notCached(step), AnswerSource.CLOSEST_CUT));
            StepAnswer answer = found.answer();
            if (found.source() instanceof AnswerSource.Policy rule) {
                if (rule.disposition() != AnswerSource.Policy.Disposition.ANSWER) {
                    return finish(question, new Resolution(Rcode.NOERROR, List.of(), List.of(), List.of(), rule),
                            answer, false, context, null);
                }
                policyError = PolicyAnswers.extendedError(answer, rule.zone());
            }
            stale |= found.source() instanceof AnswerSource.Stale;
            if (!(answer instanceof StepAnswer.Alias alias) || step.type() == Type.CNAME) {
                return finish(question, chain.complete(answer, found.source()), answer, stale, context, policyError);
            }
            Optional<Question> next = chain.follow(step, alias);
            if (next.isEmpty()) {
                StepAnswer failed = new StepAnswer.ServFail(chain.failure().orElseThrow());
                return finish(question, chain.complete(failed, found.source()), failed, stale, context,
                        policyError);
            }
            context.emit(new ResolutionEvent.AliasRestart(step, alias.target(), chain.hops()));
            q = next.get();
        }
    }

    /**
     * A cache hit, which may start a prefetch (only for RD=1: without it the resolver does not iterate); with
     * prefetch its reply is reusable only until the prefetch is due.
     */
    private Optional<FoundAnswer> fromCache(Question question, boolean recursionDesired, ResolutionContext context) {
        Optional<FoundAnswer> hit = local.fromCache(question, context);
        if (prefetcher.isEmpty() || hit.isEmpty() || !(hit.get().source() instanceof AnswerSource.Cache cache)) {
            return hit;
        }
        long reusable = prefetcher.get().onCacheHit(question, cache.remainingSeconds(), recursionDesired,
                context.observer());
        return Optional.of(new FoundAnswer(hit.get().answer(), new AnswerSource.Cache(reusable)));
    }

    /**
     * For an answer given from outside the pipeline but made of the cached data for {@code question} (the
     * validator's verdicts): tells the resolver's observer of the cache hit (metrics, the query log: the pipeline
     * never saw this answer) and starts the prefetch when due, as a hit in the pipeline would.
     *
     * @param what             as {@link ResolutionEvent.CacheHit#what()}: positive, alias, NXDOMAIN or NODATA
     * @return how long a reply with {@code remainingSeconds} left may be reused (see {@link Prefetcher})
     */
    public long answeredFromCache(Question question, String what, long remainingSeconds) {
        observer.on(new ResolutionEvent.CacheHit(question, what, remainingSeconds));
        if (prefetcher.isEmpty()) {
            return remainingSeconds;
        }
        return prefetcher.get().onCacheHit(question, remainingSeconds, true, observer);
    }

    /** Iteration, or with serve-stale and expired data kept, the refresh's answer or that data (RFC 8767). */
    private FoundAnswer fromUpstream(Question question, ResolutionContext context) {
        return serveStale.flatMap(stale -> stale.resolve(question, context))
                .orElseGet(() -> new FoundAnswer(iterate(question, context), AnswerSource.UPSTREAM));
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

    /**
     * @param stale       whether some name of the answer was given from data past its TTL (serve-stale)
     * @param policyError why a response policy changed the answer, or null
     */
    private static Resolution finish(Question question, Resolution resolution, StepAnswer last, boolean stale,
            ResolutionContext context, ExtendedErrorCodeOption policyError) {
        String failure = last instanceof StepAnswer.ServFail fail ? fail.reason() : null;
        context.emit(new ResolutionEvent.Outcome(question, resolution.rcode(), resolution.answer().size(), failure));
        if (last instanceof StepAnswer.ServFail fail && resolution.rcode() == Rcode.SERVFAIL) {
            // RFC 8914: the reason goes to the client as an Extended DNS Error, its text the reason jdns logs.
            return resolution.withError(new ExtendedErrorCodeOption(fail.kind().code(), fail.reason()));
        }
        if (policyError != null) {
            return resolution.withError(policyError); // what the operator's policy did is the first thing to say
        }
        if (stale) {
            // RFC 8914 §4.4 (Stale Answer) and §4.20 (Stale NXDOMAIN Answer): the client may tell it is old data.
            return resolution.withError(new ExtendedErrorCodeOption(resolution.rcode() == Rcode.NXDOMAIN
                    ? ExtendedErrorCodeOption.STALE_NXDOMAIN_ANSWER : ExtendedErrorCodeOption.STALE_ANSWER));
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

    /**
     * Whether local data answers {@code question} for a client in {@code scope}: the hosts file, or a response
     * policy rule that decides the name (not a passthru). Such answers are given as they are, unvalidated.
     */
    public boolean answeredLocally(Question question, PolicyScope scope) {
        return local.inHosts(question) || policy.decides(question, scope);
    }

    /** Questions being iterated right now (for tests and metrics). */
    int inFlightCount() {
        return inFlight.size();
    }

}
