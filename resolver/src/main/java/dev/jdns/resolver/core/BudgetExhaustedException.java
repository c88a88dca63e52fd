package dev.jdns.resolver.core;

/**
 * A client query used up one of its {@link ResolutionLimits}. Unchecked on purpose: it ends the whole resolution
 * from however deep it is thrown (a glueless lookup inside a referral inside a CNAME step), and the pipeline turns
 * it into SERVFAIL.
 */
public final class BudgetExhaustedException extends RuntimeException {

    public BudgetExhaustedException(String message) {
        super(message, null, false, false);
    }
}
