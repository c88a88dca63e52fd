package dev.jdns.resolver.cache;

import org.xbill.DNS.SOARecord;

/**
 * One stored answer with what the cache needs to age it: its trust, its (clamped) TTL and when it was stored,
 * in the cache's ticker time; what it weighs, its estimated heap bytes ({@link HeapEstimate}); and whether a
 * prefetch of it was already started (so that a popular name is refreshed once per lifetime, not once per hit).
 */
record CacheEntry(CachedAnswer answer, Trust trust, long ttlSeconds, long storedAtNanos, long heapBytes,
        boolean prefetchClaimed) {

    CacheEntry(CachedAnswer answer, Trust trust, long ttlSeconds, long storedAtNanos, long heapBytes) {
        this(answer, trust, ttlSeconds, storedAtNanos, heapBytes, false);
    }

    long deadlineNanos() {
        return storedAtNanos + Ttls.toNanos(ttlSeconds);
    }

    boolean expiredAt(long now) {
        return now - deadlineNanos() >= 0;
    }

    /**
     * How long the cache keeps the entry: to its deadline, and {@code staleWindowNanos} past it for serve-stale
     * (RFC 8767 §4). A remembered failure is not data and is never served stale.
     */
    long keptUntilNanos(long staleWindowNanos) {
        return answer instanceof CachedAnswer.ServFail ? deadlineNanos() : deadlineNanos() + staleWindowNanos;
    }

    /**
     * Whether {@code now} is in the last tenth of the entry's lifetime, where a hit starts a prefetch (the share
     * Unbound's prefetch uses), and no prefetch was claimed yet.
     */
    boolean prefetchDueAt(long now) {
        return !prefetchClaimed && !expiredAt(now) && now - prefetchFromNanos() >= 0;
    }

    /** Whole seconds from {@code now} until a prefetch is due, 0 once it is. */
    long secondsBeforePrefetch(long now) {
        return Math.max(0, prefetchFromNanos() - now) / 1_000_000_000L;
    }

    private long prefetchFromNanos() {
        long lifetime = Ttls.toNanos(ttlSeconds);
        return storedAtNanos + lifetime - lifetime / 10;
    }

    CacheEntry withPrefetchClaimed() {
        return new CacheEntry(answer, trust, ttlSeconds, storedAtNanos, heapBytes, true);
    }

    /**
     * RFC 2181 §5.4.1: replace only data of equal or lower trust; expired data (kept for serve-stale) is replaced by
     * anything but a failure marker. A SERVFAIL marker never replaces real data, and real data always replaces it.
     */
    boolean mayReplace(CacheEntry existing, long now) {
        boolean incomingFailure = answer instanceof CachedAnswer.ServFail;
        boolean existingFailure = existing.answer instanceof CachedAnswer.ServFail;
        if (incomingFailure || existingFailure) {
            return existingFailure;
        }
        return existing.expiredAt(now) || trust.atLeast(existing.trust);
    }

    /** Failure markers are not data and have no trust to filter on; everything else must be trusted enough. */
    boolean visibleAt(Trust minimum) {
        return answer instanceof CachedAnswer.ServFail || trust.atLeast(minimum);
    }

    /** The answer as a client should see it {@code now}: every TTL counted down. */
    CachedAnswer countedDown(long now) {
        return withTtl(Ttls.remaining(ttlSeconds, now - storedAtNanos));
    }

    /** The answer with every TTL set to {@code ttl}. */
    CachedAnswer withTtl(long ttl) {
        return switch (answer) {
            case CachedAnswer.Positive p -> new CachedAnswer.Positive(Ttls.withTtl(p.rrset(), ttl), p.trust(),
                    Ttls.withTtl(p.proofs(), ttl));
            case CachedAnswer.NxDomain n -> new CachedAnswer.NxDomain((SOARecord) Ttls.withTtl(n.soa(), ttl),
                    Ttls.withTtl(n.proofs(), ttl));
            case CachedAnswer.NoData n -> new CachedAnswer.NoData((SOARecord) Ttls.withTtl(n.soa(), ttl),
                    Ttls.withTtl(n.proofs(), ttl));
            case CachedAnswer.ServFail s -> s;
        };
    }
}
