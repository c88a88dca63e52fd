package dev.jdns.resolver.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * Resolution failures remembered with a growing backoff (RFC 9520 §3.2, §3.3): a server that did not answer, a
 * server that was lame, refused or failed for a zone, and a zone cut none of whose servers gave a usable reply
 * (a dead delegation, or a cyclic one: TsuNAME). While a failure's backoff lasts the resolver does not ask again
 * (a server address only after a few timeouts in a row: {@link #SERVER_TIMEOUTS_BEFORE_BACKOFF});
 * each failure seen after a backoff ended doubles the next one, from {@code minBackoff} up to {@code maxBackoff};
 * a success forgets the failure. A failure not repeated within {@code maxBackoff} after its backoff ended is
 * forgotten too, so an old outage does not weigh on the next one. Bounded in entries; the clock is the injected
 * {@link Ticker}. Thread-safe.
 */
public final class FailureCache {

    public static final long DEFAULT_MAX_ENTRIES = 10_000;
    /** RFC 9520 §3.2: a failure is cached for at least one second. */
    public static final Duration DEFAULT_MIN_BACKOFF = Duration.ofSeconds(1);
    /** RFC 9520 §3.2 caps the cache duration of a failure at five minutes. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(5);

    /**
     * RFC 9520 §3.1: a server address is unresponsive after three queries without an answer. One lost datagram, or
     * a reply late because this machine is busy, does not stop the resolver from asking a server.
     */
    public static final int SERVER_TIMEOUTS_BEFORE_BACKOFF = 3;

    /** What failed. */
    public sealed interface Subject {

        /** Failures in a row before the first backoff. */
        default int failuresBeforeBackoff() {
            return 1;
        }

        /**
         * A server address that did not answer (timeout, unreachable, unreadable reply), whatever the zone; backed
         * off after {@link #SERVER_TIMEOUTS_BEFORE_BACKOFF} in a row.
         */
        record Server(InetSocketAddress address) implements Subject {
            @Override
            public int failuresBeforeBackoff() {
                return SERVER_TIMEOUTS_BEFORE_BACKOFF;
            }
        }

        /**
         * A server that answered for {@code zone} without serving it: lame, REFUSED or SERVFAIL. Kept per zone, as
         * the same server may serve other zones well, and per question type, as some servers fail one type only
         * (refuse AAAA, answer A; Unbound keeps lameness for A apart from other types for the same reason).
         */
        record ServerForZone(InetSocketAddress address, Name zone, int type) implements Subject {
            public ServerForZone {
                zone = zone.canonicalize();
            }
        }

        /**
         * A priming of the root's NS set (RFC 9609) that got no usable answer: iteration starts from the root hints
         * without priming again until the backoff ends, so a root that never answers its own NS set costs one
         * priming query per backoff, not one per question.
         */
        record RootPriming() implements Subject {}

        /** A zone cut none of whose servers gave a usable reply, for questions of {@code type}. */
        record Zone(Name zone, int type) implements Subject {
            public Zone {
                zone = zone.canonicalize();
            }
        }
    }

    /**
     * The state of a remembered failure.
     *
     * @param failures consecutive failures, each seen after the previous backoff ended
     * @param backoff  how long this failure stops new attempts (zero: not yet, see
     *                 {@link Subject#failuresBeforeBackoff()})
     * @param left     what is left of the backoff now
     * @param recorded whether this call recorded a new failure (false: an earlier backoff was still running)
     */
    public record Backoff(int failures, Duration backoff, Duration left, boolean recorded) {}

    private record Entry(int failures, long backoffNanos, long retryAtNanos, long forgetAtNanos) {}

    private final Ticker ticker;
    private final Duration minBackoff;
    private final Duration maxBackoff;
    private final Cache<Subject, Entry> failures;

    public FailureCache(long maxEntries, Duration minBackoff, Duration maxBackoff, Ticker ticker) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.minBackoff = Objects.requireNonNull(minBackoff, "minBackoff");
        this.maxBackoff = Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (minBackoff.compareTo(Duration.ofSeconds(1)) < 0 || maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException("need 1 s <= minBackoff <= maxBackoff: " + minBackoff + ", "
                    + maxBackoff);
        }
        this.failures = Caffeine.newBuilder()
                .ticker(ticker)
                .executor(Runnable::run)
                .maximumSize(maxEntries)
                .expireAfter(new ExpiresAt<Subject, Entry>(Entry::forgetAtNanos))
                .build();
    }

    public FailureCache(Ticker ticker) {
        this(DEFAULT_MAX_ENTRIES, DEFAULT_MIN_BACKOFF, DEFAULT_MAX_BACKOFF, ticker);
    }

    /** The running backoff of {@code subject}, if it failed and its backoff has not ended. */
    public Optional<Backoff> backoff(Subject subject) {
        Entry entry = failures.getIfPresent(subject);
        long now = ticker.read();
        if (entry == null || now >= entry.retryAtNanos()) {
            return Optional.empty();
        }
        return Optional.of(view(entry, now, false));
    }

    /**
     * Records a failure of {@code subject}. While a backoff is running the failure is the same one (several steps of
     * one resolution, or concurrent resolutions, meeting the same broken server or cut): the backoff is kept.
     */
    public Backoff recordFailure(Subject subject) {
        long now = ticker.read();
        boolean[] recorded = {false};
        Entry entry = failures.asMap().compute(subject, (key, old) -> {
            if (old != null && now < old.retryAtNanos()) {
                return old;
            }
            recorded[0] = true;
            int count = old == null ? 1 : old.failures() + 1;
            long backoff = backoffNanos(count - subject.failuresBeforeBackoff() + 1);
            return new Entry(count, backoff, now + backoff, now + backoff + maxBackoff.toNanos());
        });
        return view(entry, now, recorded[0]);
    }

    /** {@code subject} worked: its failures are forgotten. */
    public void recordSuccess(Subject subject) {
        // Every answered upstream query reports its successes, and there rarely is a failure to forget: a lookup
        // first, since a removal is a write (a locked hash bin and the cache's bookkeeping) even for a missing key.
        if (failures.asMap().containsKey(subject)) {
            failures.invalidate(subject);
        }
    }

    public long estimatedSize() {
        failures.cleanUp();
        return failures.estimatedSize();
    }

    /** Whole seconds, rounded up, so a backoff still running never reads "0 s left". */
    public static long secondsRoundedUp(Duration duration) {
        return (duration.toMillis() + 999) / 1000;
    }

    /** Zero before the first backoff, then minBackoff doubled for each failure after that, up to maxBackoff. */
    private long backoffNanos(int failureCount) {
        if (failureCount < 1) {
            return 0;
        }
        long nanos = minBackoff.toNanos();
        for (int i = 1; i < failureCount && nanos < maxBackoff.toNanos(); i++) {
            nanos *= 2;
        }
        return Math.min(nanos, maxBackoff.toNanos());
    }

    private static Backoff view(Entry entry, long now, boolean recorded) {
        return new Backoff(entry.failures(), Duration.ofNanos(entry.backoffNanos()),
                Duration.ofNanos(Math.max(0, entry.retryAtNanos() - now)), recorded);
    }
}
