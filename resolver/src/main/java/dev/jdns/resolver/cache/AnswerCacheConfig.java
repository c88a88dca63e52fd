package dev.jdns.resolver.cache;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of the {@link AnswerCache}.
 *
 * @param maxBytes       size bound in estimated heap bytes ({@link HeapEstimate}); least valuable entries evicted first
 * @param minTtl         positive TTLs are raised to at least this
 * @param maxTtl         positive TTLs are lowered to at most this
 * @param maxNegativeTtl cap on the negative TTL (RFC 2308 §5 suggests one to three hours; we take the low end)
 * @param servFailTtl    how long a resolution failure is remembered (RFC 9520 §3.2: at least 1 s, at most 5 min)
 * @param staleWindow    how long data is kept past its expiry for serve-stale (RFC 8767 §4); zero: not kept
 */
public record AnswerCacheConfig(long maxBytes, Duration minTtl, Duration maxTtl, Duration maxNegativeTtl,
        Duration servFailTtl, Duration staleWindow) {

    public static final Duration DEFAULT_MIN_TTL = Duration.ZERO;
    public static final Duration DEFAULT_MAX_TTL = Duration.ofDays(1);
    public static final Duration DEFAULT_MAX_NEGATIVE_TTL = Duration.ofHours(1);
    public static final Duration DEFAULT_SERVFAIL_TTL = Duration.ofSeconds(5);

    public static final AnswerCacheConfig DEFAULTS = new AnswerCacheConfig(CacheSizes.DEFAULT.answerBytes(),
            DEFAULT_MIN_TTL,
            DEFAULT_MAX_TTL, DEFAULT_MAX_NEGATIVE_TTL, DEFAULT_SERVFAIL_TTL);

    /** Without serve-stale: expired data is dropped. */
    public AnswerCacheConfig(long maxBytes, Duration minTtl, Duration maxTtl, Duration maxNegativeTtl,
            Duration servFailTtl) {
        this(maxBytes, minTtl, maxTtl, maxNegativeTtl, servFailTtl, Duration.ZERO);
    }

    public AnswerCacheConfig {
        Objects.requireNonNull(minTtl, "minTtl");
        Objects.requireNonNull(maxTtl, "maxTtl");
        Objects.requireNonNull(maxNegativeTtl, "maxNegativeTtl");
        Objects.requireNonNull(servFailTtl, "servFailTtl");
        Objects.requireNonNull(staleWindow, "staleWindow");
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
        }
        if (minTtl.isNegative() || minTtl.compareTo(maxTtl) > 0) {
            throw new IllegalArgumentException("need 0 <= minTtl <= maxTtl: " + minTtl + ", " + maxTtl);
        }
        if (servFailTtl.isNegative() || maxNegativeTtl.isNegative() || staleWindow.isNegative()) {
            throw new IllegalArgumentException("negative durations are not TTLs");
        }
    }

    /** These limits, keeping expired data {@code window} past expiry for serve-stale. */
    public AnswerCacheConfig withStaleWindow(Duration window) {
        return new AnswerCacheConfig(maxBytes, minTtl, maxTtl, maxNegativeTtl, servFailTtl, window);
    }
}
