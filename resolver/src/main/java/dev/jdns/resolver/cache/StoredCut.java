package dev.jdns.resolver.cache;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One zone cut as the delegation cache stores it: the NS set the parent gave in its referral (with its glue) and,
 * once learnt, the different NS set the child's own servers give for their apex (RFC 2181 §5.4.1 ranks it above
 * the referral). The parent's side alone decides how long the cut lives: the child's side never outlives it, so a
 * zone the parent has removed is forgotten when the parent's TTL ends, however long the child's NS TTL and however
 * often the child is asked (the "ghost domain names" attack, CVE-2012-1191).
 *
 * @param parentSide     the referral's NS set, TTL as stored
 * @param parentStoredAt ticker nanoseconds when the referral was stored
 * @param childSide      the child's apex NS set, TTL as stored (already capped), or null while unknown
 * @param childStoredAt  ticker nanoseconds when the child's set was stored
 */
record StoredCut(Delegation parentSide, long parentStoredAt, Delegation childSide, long childStoredAt) {

    static StoredCut fromReferral(Delegation referral, long now) {
        return new StoredCut(referral, now, null, 0);
    }

    long deadlineNanos() {
        return parentStoredAt + Ttls.toNanos(parentSide.ttlSeconds());
    }

    /**
     * A new referral for the cut: it replaces the parent's side and its deadline; a child side already learnt is
     * kept, but ends no later than the new deadline.
     */
    StoredCut withParentSide(Delegation referral, long now) {
        StoredCut renewed = new StoredCut(referral, now, null, 0);
        if (childSide == null) {
            return renewed;
        }
        long childDeadline = Math.min(childStoredAt + Ttls.toNanos(childSide.ttlSeconds()), renewed.deadlineNanos());
        return renewed.withChildSide(childSide, childStoredAt, childDeadline);
    }

    /**
     * The child's apex NS set, for at most what is left of the parent's TTL: whatever TTL the child gives, it
     * cannot keep the delegation alive (Unbound likewise never lets a child's NS set extend a cut).
     */
    StoredCut withChildSide(Delegation child, long now) {
        return withChildSide(child, now, Math.min(now + Ttls.toNanos(child.ttlSeconds()), deadlineNanos()));
    }

    private StoredCut withChildSide(Delegation child, long storedAt, long deadline) {
        long seconds = Math.max(0, deadline - storedAt) / 1_000_000_000L;
        if (seconds <= 0) {
            return withoutChildSide();
        }
        return new StoredCut(parentSide, parentStoredAt,
                new Delegation(child.zone(), child.servers(), child.trust(), seconds), storedAt);
    }

    /** Without the child's side: the child's servers now name the same servers as the parent's referral. */
    StoredCut withoutChildSide() {
        return childSide == null ? this : new StoredCut(parentSide, parentStoredAt, null, 0);
    }

    /** The side to ask: the child's while it lasts, else the parent's; TTL counted down to {@code now}. */
    Delegation preferred(long now) {
        if (childSide != null && now < childStoredAt + Ttls.toNanos(childSide.ttlSeconds())) {
            return countedDown(childSide, childStoredAt, now);
        }
        return parentSide(now);
    }

    Delegation parentSide(long now) {
        return countedDown(parentSide, parentStoredAt, now);
    }

    /** Both sides with their servers changed by {@code change} (addresses learnt later), deadlines untouched. */
    StoredCut withServers(UnaryOperator<List<NameServer>> change) {
        Delegation child = childSide == null ? null : withServers(childSide, change.apply(childSide.servers()));
        return new StoredCut(withServers(parentSide, change.apply(parentSide.servers())), parentStoredAt, child,
                childStoredAt);
    }

    long estimatedBytes() {
        long parent = HeapEstimate.delegation(parentSide.servers());
        return childSide == null ? parent : parent + HeapEstimate.delegation(childSide.servers());
    }

    private static Delegation withServers(Delegation delegation, List<NameServer> servers) {
        return new Delegation(delegation.zone(), servers, delegation.trust(), delegation.ttlSeconds());
    }

    private static Delegation countedDown(Delegation stored, long storedAt, long now) {
        long remaining = Ttls.remaining(stored.ttlSeconds(), now - storedAt);
        return new Delegation(stored.zone(), stored.servers(), stored.trust(), remaining);
    }
}
