package dev.jdns.resolver;

import dev.jdns.resolver.core.Question;
import dev.jdns.resolver.core.ResolutionContext;
import dev.jdns.resolver.core.ResolutionEvent;
import dev.jdns.resolver.core.StepAnswer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Serve-stale (RFC 8767): a question whose cached data has expired, but by less than the stale window, is
 * refreshed in the background; the client gets the fresh answer when it comes within the client response timer
 * and is not a failure, and otherwise the expired data with a TTL of 30 s (RFC 8767 §4). The refresh goes on after
 * the client has its answer, one per question at a time, and caches what it finds for the next client.
 */
final class ServeStale {

    /** RFC 8767 §4: "a TTL of 30 seconds is recommended" for stale answers. */
    static final long STALE_TTL_SECONDS = 30;

    private final LocalAnswers local;
    private final BackgroundRefresh refreshes;
    private final Duration clientResponseTimer;

    ServeStale(LocalAnswers local, BackgroundRefresh refreshes, Duration clientResponseTimer) {
        this.local = local;
        this.refreshes = refreshes;
        this.clientResponseTimer = clientResponseTimer;
    }

    /**
     * The answer for a question the cache has no live data for: empty when nothing stale is kept either (the
     * caller iterates as usual); else the refresh's answer, or the stale data when the refresh fails or is late.
     */
    Optional<FoundAnswer> resolve(Question question, ResolutionContext context) {
        Optional<StepAnswer> stale = local.staleFromCache(question, STALE_TTL_SECONDS);
        if (stale.isEmpty()) {
            return Optional.empty();
        }
        Optional<CompletableFuture<StepAnswer>> refresh = refreshes.start(question);
        if (refresh.isEmpty()) {
            return Optional.of(stale(question, stale.get(), "every refresh slot is busy", context));
        }
        Duration wait = min(clientResponseTimer, context.budget().remaining());
        try {
            StepAnswer fresh = refresh.get().get(wait.toNanos(), TimeUnit.NANOSECONDS);
            if (!(fresh instanceof StepAnswer.ServFail failed)) {
                return Optional.of(new FoundAnswer(fresh, AnswerSource.UPSTREAM));
            }
            return Optional.of(stale(question, stale.get(), "upstream failed: " + failed.reason(), context));
        } catch (TimeoutException e) {
            return Optional.of(stale(question, stale.get(), "no answer within " + wait.toMillis() + " ms",
                    context));
        } catch (ExecutionException e) {
            return Optional.of(stale(question, stale.get(), "refresh failed: " + e.getCause(), context));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(stale(question, stale.get(), "interrupted", context));
        }
    }

    private static FoundAnswer stale(Question question, StepAnswer answer, String why, ResolutionContext context) {
        context.emit(new ResolutionEvent.StaleAnswer(question, LocalAnswers.describe(answer), why));
        return new FoundAnswer(answer, AnswerSource.STALE);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
