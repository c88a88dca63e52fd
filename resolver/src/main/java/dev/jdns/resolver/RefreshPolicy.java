package dev.jdns.resolver;

import java.time.Duration;
import java.util.Objects;

/**
 * How the resolver keeps answers alive past their TTL: serve-stale (RFC 8767) and prefetch.
 *
 * @param staleWindow         how long past its expiry data may still be given when upstream fails or is slow;
 *                            zero: never (SERVFAIL, as without serve-stale)
 * @param clientResponseTimer how long a client whose data has expired waits for the refresh before it gets the
 *                            stale data (RFC 8767 §5 recommends 1.8 s)
 * @param prefetch            refresh data asked in the last tenth of its TTL, in the background
 * @param maxRefreshes        background refreshes (prefetches, stale refreshes) running at once at most
 */
public record RefreshPolicy(Duration staleWindow, Duration clientResponseTimer, boolean prefetch, int maxRefreshes) {

    /** RFC 8767 §5: "about 1.8 seconds", under the 2 s after which many stubs retry. */
    public static final Duration CLIENT_RESPONSE_TIMER = Duration.ofMillis(1800);
    /**
     * A few dozen: each refresh is one iteration with its own budget, so this bounds the upstream work the
     * resolver does for no waiting client.
     */
    public static final int DEFAULT_MAX_REFRESHES = 32;
    /**
     * A year: far past the one to three days RFC 8767 §5 suggests, and small enough that a deadline plus the window
     * stays within the cache clock's nanoseconds.
     */
    public static final Duration MAX_STALE_WINDOW = Duration.ofDays(365);

    /** No serve-stale; prefetch on. */
    public static final RefreshPolicy DEFAULTS = new RefreshPolicy(Duration.ZERO, CLIENT_RESPONSE_TIMER, true,
            DEFAULT_MAX_REFRESHES);

    public RefreshPolicy {
        Objects.requireNonNull(staleWindow, "staleWindow");
        Objects.requireNonNull(clientResponseTimer, "clientResponseTimer");
        if (staleWindow.isNegative() || clientResponseTimer.isNegative() || maxRefreshes < 1) {
            throw new IllegalArgumentException("need a non-negative stale window and timer and at least one"
                    + " refresh: " + staleWindow + ", " + clientResponseTimer + ", " + maxRefreshes);
        }
        if (staleWindow.compareTo(MAX_STALE_WINDOW) > 0) {
            throw new IllegalArgumentException("--serve-stale " + staleWindow.toDays() + "d: at most 365d (RFC 8767"
                    + " §5 suggests 1 to 3 days)");
        }
    }

    public boolean serveStale() {
        return !staleWindow.isZero();
    }

    public RefreshPolicy withStaleWindow(Duration window) {
        return new RefreshPolicy(window, clientResponseTimer, prefetch, maxRefreshes);
    }

    public RefreshPolicy withClientResponseTimer(Duration timer) {
        return new RefreshPolicy(staleWindow, timer, prefetch, maxRefreshes);
    }

    public RefreshPolicy withPrefetch(boolean on) {
        return new RefreshPolicy(staleWindow, clientResponseTimer, on, maxRefreshes);
    }
}
