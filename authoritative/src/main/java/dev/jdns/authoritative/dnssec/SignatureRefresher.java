package dev.jdns.authoritative.dnssec;

import dev.jdns.authoritative.ZoneStore;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Re-signs zones before their signatures expire: every {@code interval} it asks the store to prepare again the
 * zones {@link OnlineSigning#due} picks. The store signs a new copy and swaps it in, so queries never wait.
 */
public final class SignatureRefresher implements AutoCloseable {

    private static final Logger LOG = System.getLogger(SignatureRefresher.class.getName());

    /** Often enough against a refresh margin of days; one clock read per zone when nothing is due. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(10);

    private final ScheduledExecutorService timer;

    private SignatureRefresher(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    public static SignatureRefresher start(ZoneStore store, OnlineSigning signing, Duration interval) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "dnssec-refresh");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        timer.scheduleWithFixedDelay(() -> refreshQuietly(store, signing), millis, millis, TimeUnit.MILLISECONDS);
        return new SignatureRefresher(timer);
    }

    /** A failure must not end the schedule (a scheduled task that throws is never run again). */
    private static void refreshQuietly(ZoneStore store, OnlineSigning signing) {
        try {
            store.prepareAgain(signing::due);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "re-signing failed, will try again: " + e, e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
