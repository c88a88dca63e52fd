package dev.jdns.resolver.core;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How much work one client query may cause. The defaults follow what deployed resolvers chose after the
 * amplification attacks against them: Unbound's MAX_SENT_COUNT and MAX_REFERRAL_COUNT, BIND's max-recursion-queries,
 * and the NXNSAttack fix (CVE-2020-12662), which bounds the NS names fetched for one referral.
 *
 * <p>{@link #table()} is the one statement of these limits and the reason for each: {@code jdns resolver --help}
 * prints it and README quotes it ({@code ResolutionLimitsTableTest} checks both against it).
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
    /** RFC 1034 §3.6.2 gives no number: see the reason in {@link #table()}. */
    public static final int DEFAULT_MAX_ALIAS_HOPS = 12;
    public static final int DEFAULT_MAX_GLUELESS_DEPTH = 4;
    public static final int DEFAULT_MAX_NS_FETCHES_PER_CUT = 5;
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(5);
    /**
     * How long one upstream reply is waited for before the next server is tried: short enough that a silent
     * server leaves room for two more within {@link #DEFAULT_DEADLINE} (RFC 1035 §7.2 leaves the value to us).
     */
    public static final long DEFAULT_UPSTREAM_TIMEOUT_MILLIS = 1500;

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

    /** One limit: what it bounds, its value, and why it exists. */
    public record Row(String limit, String value, String reason) {}

    /** These limits with the reason for each, in the order README and {@code --help} show them. */
    public List<Row> table() {
        return List.of(
                new Row("upstream queries", Integer.toString(maxUpstreamQueries),
                        "sub-resolutions included: the most one client query can make jdns send, so a crafted name"
                                + " cannot turn the resolver into an amplifier against other servers"),
                new Row("referrals", Integer.toString(maxReferrals),
                        "a real name crosses a few zone cuts; more is a referral loop or a chain of cuts built to"
                                + " waste work"),
                new Row("CNAME/DNAME hops", Integer.toString(maxAliasHops),
                        "RFC 1034 §3.6.2 sets no number; real chains are a few hops, so this ends loops and chains"
                                + " built to waste work. The server (16 links per answer) and the reply scrubber"
                                + " (32 names per reply) bound the same chains for the same reason, each looser than"
                                + " the step after it so none cuts a chain the resolver would follow"),
                new Row("glueless NS depth", Integer.toString(maxGluelessDepth),
                        "an NS name without glue needs its own resolution, whose NS names may need theirs: each"
                                + " level multiplies the work, and real delegations need one or two"),
                new Row("NS names fetched per zone cut", Integer.toString(maxNsFetchesPerCut),
                        "NXNSAttack (CVE-2020-12662): a referral naming many NS without glue would otherwise make"
                                + " the resolver look up every one"),
                new Row("time per query", deadline.toSeconds() + " s",
                        "stub resolvers give up after about 5 s (glibc's default timeout), so a later answer helps"
                                + " no one; also how long a query waits for an identical one already in flight"));
    }
}
