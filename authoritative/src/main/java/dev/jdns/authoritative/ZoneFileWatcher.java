package dev.jdns.authoritative;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reloads a {@link ZoneStore} when its files change, by looking at their stamps every {@code interval} (the store
 * decides when a changed file is safe to read). Polling rather than a {@code WatchService}: it sees editors that
 * replace a file by renaming, files on any file system, and costs one stat per zone file per interval.
 */
public final class ZoneFileWatcher implements AutoCloseable {

    private static final Logger LOG = System.getLogger(ZoneFileWatcher.class.getName());

    private final ScheduledExecutorService timer;

    private ZoneFileWatcher(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    public static ZoneFileWatcher start(ZoneStore store, Duration interval) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "zone-file-watcher");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        timer.scheduleWithFixedDelay(() -> reloadQuietly(store), millis, millis, TimeUnit.MILLISECONDS);
        return new ZoneFileWatcher(timer);
    }

    /** A failure must not end the schedule (a scheduled task that throws is never run again). */
    private static void reloadQuietly(ZoneStore store) {
        try {
            store.reload(false);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "zone reload failed, will try again: " + e, e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
