package dev.jdns.resolver;

import dev.jdns.resolver.cache.AnswerCache;
import dev.jdns.resolver.core.Question;
import dev.jdns.resolver.core.ResolutionEvent;
import dev.jdns.resolver.core.ResolutionObserver;
import java.util.OptionalLong;
import org.xbill.DNS.Type;

/**
 * Prefetch: a cache hit in the last tenth of the data's TTL starts one refresh of the question in the background, so
 * a name that keeps being asked is renewed before it expires and never drops out of the cache. The client is
 * answered from the cache at once. Each cached entry starts at most one prefetch ({@link AnswerCache#claimPrefetch});
 * the refreshes are those of {@link BackgroundRefresh}: one per question, a bounded number at once.
 */
final class Prefetcher {

    private final AnswerCache answers;
    private final BackgroundRefresh refreshes;

    Prefetcher(AnswerCache answers, BackgroundRefresh refreshes) {
        this.answers = answers;
        this.refreshes = refreshes;
    }

    /**
     * Called on a cache hit for {@code question} answered with {@code remainingTtl} seconds left: starts the
     * prefetch when it is due and {@code mayStart}. Returns how long a reply made from the hit may be given again
     * without asking the resolver: at most {@code remainingTtl}, and not into the last tenth of the data's lifetime,
     * so that hits there reach this method (the front end's kept replies and the validator's verdicts never would).
     */
    long onCacheHit(Question question, long remainingTtl, boolean mayStart, ResolutionObserver observer) {
        OptionalLong beforePrefetch = answers.secondsBeforePrefetch(question.name(), question.type(),
                question.dclass());
        boolean alias = beforePrefetch.isEmpty() && mayBeAlias(question);
        if (alias) {
            beforePrefetch = answers.secondsBeforePrefetch(question.name(), Type.CNAME, question.dclass());
        }
        // Only a hit at the due time tries the claim, so an ordinary hit costs one cache read more.
        if (mayStart && beforePrefetch.orElse(1) == 0
                && answers.claimPrefetch(question.name(), alias ? Type.CNAME : question.type(), question.dclass())
                && refreshes.start(question).isPresent()) {
            observer.on(new ResolutionEvent.Prefetch(question, remainingTtl));
        }
        return Math.min(remainingTtl, beforePrefetch.orElse(0));
    }

    /** The hit may have come from a CNAME at the name (LocalAnswers answers every type but CNAME with it). */
    private static boolean mayBeAlias(Question question) {
        return question.type() != Type.CNAME;
    }
}
