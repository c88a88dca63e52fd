package dev.jdns.resolver.cache;

import org.xbill.DNS.SOARecord;

/**
 * One stored answer with what the cache needs to age it: its trust, its (clamped) TTL and when it was stored,
 * in the cache's ticker time; and what it weighs, its estimated heap bytes ({@link HeapEstimate}).
 */
record CacheEntry(CachedAnswer answer, Trust trust, long ttlSeconds, long storedAtNanos, long heapBytes) {

    long deadlineNanos() {
        return storedAtNanos + Ttls.toNanos(ttlSeconds);
    }

    /**
     * RFC 2181 §5.4.1: replace only data of equal or lower trust. A SERVFAIL marker never replaces real data, and
     * real data always replaces it.
     */
    boolean mayReplace(CacheEntry existing) {
        boolean incomingFailure = answer instanceof CachedAnswer.ServFail;
        boolean existingFailure = existing.answer instanceof CachedAnswer.ServFail;
        if (incomingFailure || existingFailure) {
            return existingFailure;
        }
        return trust.atLeast(existing.trust);
    }

    /** Failure markers are not data and have no trust to filter on; everything else must be trusted enough. */
    boolean visibleAt(Trust minimum) {
        return answer instanceof CachedAnswer.ServFail || trust.atLeast(minimum);
    }

    /** The answer as a client should see it {@code now}: every TTL counted down. */
    CachedAnswer countedDown(long now) {
        long ttl = Ttls.remaining(ttlSeconds, now - storedAtNanos);
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
