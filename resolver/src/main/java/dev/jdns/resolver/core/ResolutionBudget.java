package dev.jdns.resolver.core;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.xbill.DNS.Name;

/**
 * What is left of one client query's {@link ResolutionLimits}. The spending methods throw
 * {@link BudgetExhaustedException} when a hard limit (queries, referrals, deadline) is reached; the glueless limits
 * only refuse the one lookup, because the resolution may still succeed through another server. Used by the one
 * thread that resolves the client query.
 */
public final class ResolutionBudget {

    private final ResolutionLimits limits;
    private final LongSupplier nanoClock;
    private final long deadlineNanos;
    private final Deque<Name> gluelessLookups = new ArrayDeque<>();
    private int upstreamQueries;
    private int referrals;

    public ResolutionBudget(ResolutionLimits limits, LongSupplier nanoClock) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.deadlineNanos = nanoClock.getAsLong() + limits.deadline().toNanos();
    }

    public ResolutionBudget(ResolutionLimits limits) {
        this(limits, System::nanoTime);
    }

    public ResolutionLimits limits() {
        return limits;
    }

    /** Called before every upstream query. */
    public void spendUpstreamQuery() {
        checkDeadline();
        if (upstreamQueries >= limits.maxUpstreamQueries()) {
            throw new BudgetExhaustedException("more than " + limits.maxUpstreamQueries() + " upstream queries");
        }
        upstreamQueries++;
    }

    /** Called before following a referral. */
    public void spendReferral() {
        if (referrals >= limits.maxReferrals()) {
            throw new BudgetExhaustedException("more than " + limits.maxReferrals() + " referrals");
        }
        referrals++;
    }

    public void checkDeadline() {
        if (remaining().isZero()) {
            throw new BudgetExhaustedException("deadline of " + limits.deadline() + " passed");
        }
    }

    /** Time left before the deadline, never negative. */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, deadlineNanos - nanoClock.getAsLong()));
    }

    /**
     * Starts an address lookup for an NS name that came without glue. Refused when the nesting is already at the
     * limit, or when the same name is being looked up further out: that is a cyclic dependency (the zone of
     * {@code ns.a.} is served by {@code ns.b.} and vice versa), which no amount of work resolves.
     *
     * @return whether the lookup may go ahead; if so, {@link #endGluelessLookup} must follow
     */
    public boolean beginGluelessLookup(Name nsName) {
        if (gluelessLookups.size() >= limits.maxGluelessDepth() || gluelessLookups.contains(nsName)) {
            return false;
        }
        gluelessLookups.push(nsName);
        return true;
    }

    public void endGluelessLookup() {
        gluelessLookups.pop();
    }

    public int gluelessDepth() {
        return gluelessLookups.size();
    }

    public int upstreamQueriesSpent() {
        return upstreamQueries;
    }

    public int referralsFollowed() {
        return referrals;
    }
}
