package dev.jdns.resolver;

import dev.jdns.resolver.core.Question;
import dev.jdns.resolver.core.ResolutionContext;
import dev.jdns.resolver.core.StepAnswer;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Iterations that run in the background, each with its own budget, for no client that waits on them to the end:
 * prefetches and serve-stale refreshes. One per question at a time (asking again joins the running one), and at
 * most {@code maxConcurrent} at once, so the work stays bounded whatever clients ask. Each ends within its budget's
 * deadline, so nothing outlives the resolver by more than that.
 */
final class BackgroundRefresh {

    private final ConcurrentHashMap<Question, CompletableFuture<StepAnswer>> running = new ConcurrentHashMap<>();
    private final Semaphore slots;
    private final BiFunction<Question, ResolutionContext, StepAnswer> iterate;
    private final Supplier<ResolutionContext> newContext;

    /**
     * @param iterate    the resolver's iteration step (it caches what it finds)
     * @param newContext a fresh budget and the resolver's own observer, for each refresh
     */
    BackgroundRefresh(int maxConcurrent, BiFunction<Question, ResolutionContext, StepAnswer> iterate,
            Supplier<ResolutionContext> newContext) {
        this.slots = new Semaphore(maxConcurrent);
        this.iterate = iterate;
        this.newContext = newContext;
    }

    /** The refresh of {@code question}: the one running, or a new one; empty when all slots are taken. */
    Optional<CompletableFuture<StepAnswer>> start(Question question) {
        Question key = question.key();
        CompletableFuture<StepAnswer> existing = running.get(key);
        if (existing != null) {
            return Optional.of(existing);
        }
        if (!slots.tryAcquire()) {
            return Optional.empty();
        }
        CompletableFuture<StepAnswer> mine = new CompletableFuture<>();
        CompletableFuture<StepAnswer> raced = running.putIfAbsent(key, mine);
        if (raced != null) {
            slots.release();
            return Optional.of(raced);
        }
        Thread.ofVirtual().name("jdns-refresh").start(() -> run(key, question, mine));
        return Optional.of(mine);
    }

    private void run(Question key, Question question, CompletableFuture<StepAnswer> mine) {
        StepAnswer answer;
        try {
            answer = iterate.apply(question, newContext.get());
        } catch (RuntimeException | Error e) {
            finish(key, mine);
            mine.completeExceptionally(e);
            return;
        }
        finish(key, mine);
        mine.complete(answer);
    }

    /** Out of the table before completing, so a caller after a failed refresh starts a new one. */
    private void finish(Question key, CompletableFuture<StepAnswer> mine) {
        running.remove(key, mine);
        slots.release();
    }
}
