package dev.jdns.resolver;

import dev.jdns.resolver.core.Question;
import dev.jdns.resolver.core.ResolutionContext;
import dev.jdns.resolver.core.ResolutionEvent;
import dev.jdns.resolver.core.StepAnswer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Identical questions being iterated at the same time share one resolution: the first caller resolves, the others
 * wait for its answer (within their own deadline). This is what stops a burst of clients asking the same new name
 * from sending a burst upstream, and the birthday attack on one outstanding question (RFC 5452 §5). Only pipeline
 * steps are coalesced, never the sub-resolutions inside one, so a resolution can never wait for itself.
 */
final class InFlightResolutions {

    private final ConcurrentHashMap<Question, CompletableFuture<StepAnswer>> running = new ConcurrentHashMap<>();

    StepAnswer resolveOnce(Question question, ResolutionContext context, Supplier<StepAnswer> resolution) {
        Question key = question.key();
        CompletableFuture<StepAnswer> mine = new CompletableFuture<>();
        CompletableFuture<StepAnswer> leader = running.putIfAbsent(key, mine);
        if (leader != null) {
            context.emit(new ResolutionEvent.Coalesced(question));
            return await(leader, context);
        }
        try {
            StepAnswer answer = resolution.get();
            mine.complete(answer);
            return answer;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            running.remove(key, mine);
        }
    }

    int size() {
        return running.size();
    }

    private static StepAnswer await(CompletableFuture<StepAnswer> leader, ResolutionContext context) {
        try {
            return leader.get(context.budget().remaining().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return new StepAnswer.ServFail("deadline passed while waiting for an identical resolution");
        } catch (ExecutionException e) {
            return new StepAnswer.ServFail("identical resolution failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new StepAnswer.ServFail("interrupted");
        }
    }
}
