package dev.jdns.resolver.core;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Says when a periodic check (has a file changed?) is due, to exactly one of the threads that ask: the one that
 * wins the compare-and-set pays for the check, every other thread goes on with what it has. Thread-safe.
 */
public final class PeriodicCheck {

    private final Ticker ticker;
    private final long intervalNanos;
    private final AtomicLong nextCheckNanos;

    /** The first check is due one {@code interval} from now. */
    public PeriodicCheck(Ticker ticker, Duration interval) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.intervalNanos = interval.toNanos();
        this.nextCheckNanos = new AtomicLong(ticker.read() + intervalNanos);
    }

    /** Whether the caller should check now (then the next check is due one interval later). */
    public boolean due() {
        long now = ticker.read();
        long due = nextCheckNanos.get();
        return now - due >= 0 && nextCheckNanos.compareAndSet(due, now + intervalNanos);
    }
}
