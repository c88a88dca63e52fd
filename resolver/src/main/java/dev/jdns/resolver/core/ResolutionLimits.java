package dev.jdns.resolver.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How much work one client query may cause. The defaults follow what deployed resolvers chose after the
 * amplification attacks against them: Unbound's MAX_SENT_COUNT and MAX_REFERRAL_COUNT, BIND's max-recursion-queries,
 * and the NXNSAttack fix (CVE-2020-12662), which bounds the NS names fetched for one referral.
 *
 * @param maxUpstreamQueries   queries sent upstream for one client query, sub-resolutions included
 * @param maxReferrals         referrals followed for one client query
 * @param maxAliasHops         CNAME/DNAME hops in one answer chain
 * @param maxGluelessDepth     nesting of NS-name address lookups (an NS name whose zone's NS names need lookups...)
 * @param maxNsFetchesPerCut   NS names without glue resolved for one zone cut (NXNSAttack)
 * @param deadline             wall time for one client query; also how long a coalesced query waits for the leader
 */
public record ResolutionLimits(int maxUpstreamQueries, int maxReferrals, int maxAliasHops, int maxGluelessDepth,
        int maxNsFetchesPerCut, Duration deadline) {

    public static final int DEFAULT_MAX_UPSTREAM_QUERIES = 100;
    public static final int DEFAULT_MAX_REFERRALS = 30;
    /** RFC 1034 §3.6.2 gives no number; 12 is a choice within what stub resolvers allow (glibc allows 16). */
    public static final int DEFAULT_MAX_ALIAS_HOPS = 12;
    public static final int DEFAULT_MAX_GLUELESS_DEPTH = 4;
    public static final int DEFAULT_MAX_NS_FETCHES_PER_CUT = 5;
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(5);

    public static final ResolutionLimits DEFAULTS = new ResolutionLimits(DEFAULT_MAX_UPSTREAM_QUERIES,
            DEFAULT_MAX_REFERRALS, DEFAULT_MAX_ALIAS_HOPS, DEFAULT_MAX_GLUELESS_DEPTH, DEFAULT_MAX_NS_FETCHES_PER_CUT,
            DEFAULT_DEADLINE);

    public ResolutionLimits {
        Objects.requireNonNull(deadline, "deadline");
        if (maxUpstreamQueries < 1 || maxReferrals < 0 || maxAliasHops < 0 || maxGluelessDepth < 0
                || maxNsFetchesPerCut < 0) {
            // Named from the parameters: in a compact constructor the fields are not assigned yet, so
            // toString() would print zeros.
            throw new IllegalArgumentException(String.format(
                    "limits must not be negative (and at least one query): maxUpstreamQueries=%d, maxReferrals=%d,"
                            + " maxAliasHops=%d, maxGluelessDepth=%d, maxNsFetchesPerCut=%d",
                    maxUpstreamQueries, maxReferrals, maxAliasHops, maxGluelessDepth, maxNsFetchesPerCut));
        }
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("deadline must be positive: " + deadline);
        }
    }

    public ResolutionLimits withMaxNsFetchesPerCut(int fetches) {
        return new ResolutionLimits(maxUpstreamQueries, maxReferrals, maxAliasHops, maxGluelessDepth, fetches,
                deadline);
    }

    public ResolutionLimits withMaxUpstreamQueries(int queries) {
        return new ResolutionLimits(queries, maxReferrals, maxAliasHops, maxGluelessDepth, maxNsFetchesPerCut,
                deadline);
    }

    public ResolutionLimits withDeadline(Duration newDeadline) {
        return new ResolutionLimits(maxUpstreamQueries, maxReferrals, maxAliasHops, maxGluelessDepth,
                maxNsFetchesPerCut, newDeadline);
    }
}
