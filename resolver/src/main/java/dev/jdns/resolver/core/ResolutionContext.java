package dev.jdns.resolver.core;

import java.util.Objects;

/** What travels with one client query through every stage and sub-resolution: its budget and its observer. */
public record ResolutionContext(ResolutionBudget budget, ResolutionObserver observer) {

    public ResolutionContext {
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(observer, "observer");
    }

    public void emit(ResolutionEvent event) {
        observer.on(event);
    }

    public ResolutionLimits limits() {
        return budget.limits();
    }
}
