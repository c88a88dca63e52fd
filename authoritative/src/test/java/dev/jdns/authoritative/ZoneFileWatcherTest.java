package dev.jdns.authoritative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watcher reloads changed files by itself, and keeps doing so after a broken edit. */
class ZoneFileWatcherTest {

    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration SETTLE = Duration.ofMillis(100);
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    /** Polls the observable result (what the store answers) until it is {@code expected} or patience runs out. */
    private static String awaitWww(ZoneStore store, String expected) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        String seen = ZoneStoreTest.www(store, "example.com.");
        while (!seen.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(POLL.toMillis());
            seen = ZoneStoreTest.www(store, "example.com.");
        }
        return seen;
    }

    @Test
    void aChangedFileIsPickedUpWithoutBeingAsked() throws Exception {
        Path file = ZoneTexts.write(dir, "example.com.zone", ZoneStoreTest.zone("192.0.2.1"));
        ZoneStore store = ZoneStore.load(List.of(file), SETTLE, System::nanoTime);
        try (ZoneFileWatcher watcher = ZoneFileWatcher.start(store, POLL)) {
            Files.writeString(file, ZoneStoreTest.zone("192.0.2.200"));
            assertEquals("192.0.2.200", awaitWww(store, "192.0.2.200"));
        }
    }

    @Test
    void aBrokenEditDoesNotStopTheWatching() throws Exception {
        Path file = ZoneTexts.write(dir, "example.com.zone", ZoneStoreTest.zone("192.0.2.1"));
        ZoneStore store = ZoneStore.load(List.of(file), SETTLE, System::nanoTime);
        ZoneStoreTest.LogCapture log = new ZoneStoreTest.LogCapture();
        log.attach();
        try (ZoneFileWatcher watcher = ZoneFileWatcher.start(store, POLL)) {
            Files.writeString(file, ZoneTexts.SOA + "www A not-an-address\n");
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (!log.contains(file + ":") && System.nanoTime() < deadline) {
                Thread.sleep(POLL.toMillis());
            }
            assertTrue(log.contains(file + ":2:"), "the broken line is reported: " + log.lines());
            assertEquals("192.0.2.1", ZoneStoreTest.www(store, "example.com."));
            Files.writeString(file, ZoneStoreTest.zone("192.0.2.123"));
            assertEquals("192.0.2.123", awaitWww(store, "192.0.2.123"));
        } finally {
            log.detach();
        }
    }
}
