package dev.jdns.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.resolver.core.BudgetExhaustedException;
import dev.jdns.resolver.core.ResolutionBudget;
import dev.jdns.resolver.core.ResolutionLimits;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/** The per-query limits, spent by hand, with a clock the test moves. */
class ResolutionBudgetTest {

    private final AtomicLong now = new AtomicLong();

    @Test
    void queriesAndReferralsRunOut() {
        ResolutionBudget budget = new ResolutionBudget(
                new ResolutionLimits(2, 1, 12, 4, 5, Duration.ofSeconds(5)), now::get);

        budget.spendUpstreamQuery();
        budget.spendUpstreamQuery();
        assertThrows(BudgetExhaustedException.class, budget::spendUpstreamQuery);
        budget.spendReferral();
        assertThrows(BudgetExhaustedException.class, budget::spendReferral);
        assertEquals(2, budget.upstreamQueriesSpent());
    }

    @Test
    void theDeadlineStopsFurtherQueries() {
        ResolutionBudget budget = new ResolutionBudget(ResolutionLimits.DEFAULTS, now::get);
        now.addAndGet(Duration.ofSeconds(4).toNanos());
        budget.spendUpstreamQuery();
        assertEquals(Duration.ofSeconds(1), budget.remaining());

        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThrows(BudgetExhaustedException.class, budget::spendUpstreamQuery);
    }

    @Test
    void gluelessLookupsAreRefusedWhenTooDeepOrCyclic() {
        ResolutionBudget budget = new ResolutionBudget(
                new ResolutionLimits(100, 30, 12, 2, 5, Duration.ofSeconds(5)), now::get);
        Name a = Name.fromConstantString("ns.a.");
        Name b = Name.fromConstantString("ns.b.");

        assertTrue(budget.beginGluelessLookup(a));
        assertFalse(budget.beginGluelessLookup(a), "ns.a. needs itself");
        assertTrue(budget.beginGluelessLookup(b));
        assertFalse(budget.beginGluelessLookup(Name.fromConstantString("ns.c.")), "depth 2 reached");
        budget.endGluelessLookup();
        budget.endGluelessLookup();
        assertEquals(0, budget.gluelessDepth());
    }

    @Test
    void anInvalidLimitIsNamedWithTheValueGiven() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ResolutionLimits(100, -3, 12, 4, 5, Duration.ofSeconds(5)));
        assertTrue(e.getMessage().contains("maxReferrals=-3"), e.getMessage());
        assertTrue(e.getMessage().contains("maxUpstreamQueries=100"), e.getMessage());
    }
}
