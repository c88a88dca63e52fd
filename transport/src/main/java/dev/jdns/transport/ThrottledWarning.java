package dev.jdns.transport;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A warning that can repeat at packet rate (a bug on the receive path, a socket error that keeps coming back):
 * logged at WARNING at most once per interval, each time with how many like it were left out since the last. A
 * silent drop hides the bug; a line per packet floods the log and costs the server the time it needs to answer.
 * Thread-safe.
 */
final class ThrottledWarning {

    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    private final Logger log;
    private final String what;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final AtomicLong nextAllowed;
    private final AtomicLong suppressed = new AtomicLong();

    /** @param what names the kind of failure, the start of every line ("UDP receive failed") */
    ThrottledWarning(Logger log, String what) {
        this(log, what, DEFAULT_INTERVAL, System::nanoTime);
    }

    ThrottledWarning(Logger log, String what, Duration interval, LongSupplier nanoClock) {
        this.log = log;
        this.what = what;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
        this.nextAllowed = new AtomicLong(nanoClock.getAsLong());
    }

    /** Logs {@code failure} now, or counts it when one was logged less than an interval ago. */
    void log(Throwable failure) {
        long now = nanoClock.getAsLong();
        long allowed = nextAllowed.get();
        if (now - allowed < 0 || !nextAllowed.compareAndSet(allowed, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return;
        }
        long left = suppressed.getAndSet(0);
        String more = left == 0 ? "" : " (" + left + " more since the last report)";
        log.log(Level.WARNING, what + more, failure);
    }
}
