package dev.jdns.authoritative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/** Reloads: changed files re-read, broken edits keeping the last good zone, files appearing and vanishing. */
class ZoneStoreTest {

    @TempDir
    Path dir;

    private static final Duration SETTLE = Duration.ofSeconds(5);

    private final LogCapture log = new LogCapture();
    private final AtomicLong nanos = new AtomicLong();

    /** A store over {@code source} whose settle period runs on the test's clock. */
    private ZoneStore load(Path source) throws Exception {
        return ZoneStore.load(List.of(source), SETTLE, nanos::get);
    }

    /** The pass that sees an in-place change, the settle period going by, and the pass that reads the change. */
    private boolean reloadAfterSettling(ZoneStore store) {
        boolean seen = store.reload(false);
        nanos.addAndGet(SETTLE.toNanos());
        return store.reload(false) || seen;
    }

    @BeforeEach
    void captureLog() {
        log.attach();
    }

    @AfterEach
    void releaseLog() {
        log.detach();
    }

    static String zone(String wwwAddress) {
        return ZoneTexts.SOA + "@ NS ns1\nns1 A 192.0.2.53\nwww A " + wwwAddress + "\n";
    }

    /** The address www.ORIGIN has in the store right now, or the rcode when it has none. */
    static String www(ZoneStore store, String origin) throws Exception {
        Message reply = AnswerTable.ask(store.get(), "www." + origin, "A");
        return reply.getRcode() == Rcode.NOERROR && !reply.getSection(Section.ANSWER).isEmpty()
                ? reply.getSection(Section.ANSWER).getFirst().rdataToString()
                : Rcode.string(reply.getRcode());
    }

    @Test
    void aChangedFileIsReloadedAndAnUnchangedOneIsNot() throws Exception {
        Path file = ZoneTexts.write(dir, "example.com.zone", zone("192.0.2.1"));
        ZoneStore store = load(file);
        assertEquals("192.0.2.1", www(store, "example.com."));
        assertFalse(store.reload(false), "nothing changed");
        Files.writeString(file, zone("192.0.2.222"));
        assertFalse(store.reload(false), "changed in place: it may still be being written");
        nanos.addAndGet(SETTLE.toNanos());
        assertTrue(store.reload(false), "unchanged for the settle period");
        assertEquals("192.0.2.222", www(store, "example.com."));
        assertFalse(store.reload(false), "nothing changed since");
    }

    @Test
    void reloadingEverythingRereadsUnchangedFiles() throws Exception {
        ZoneStore store = load(ZoneTexts.write(dir, "example.com.zone", zone("192.0.2.1")));
        assertTrue(store.reload(true), "SIGHUP re-reads every file");
        assertEquals("192.0.2.1", www(store, "example.com."));
    }

    @Test
    void aBrokenEditKeepsTheLastGoodZoneAndLogsFileAndLine() throws Exception {
        Path file = ZoneTexts.write(dir, "example.com.zone", zone("192.0.2.1"));
        ZoneStore store = load(file);
        // Line 5: a CNAME beside other data at www (RFC 1034 §3.6.2).
        Files.writeString(file, zone("192.0.2.77") + "www CNAME ns1\n");
        assertFalse(reloadAfterSettling(store));
        assertEquals("192.0.2.1", www(store, "example.com."), "the last good zone stays in service");
        assertTrue(log.contains(file + ":5:"), "log names file:line, got " + log.lines());
        assertTrue(log.contains("still serving the last good copy of example.com."), log.lines().toString());

        Files.writeString(file, zone("192.0.2.99"));
        assertTrue(reloadAfterSettling(store), "the fixed file is picked up");
        assertEquals("192.0.2.99", www(store, "example.com."));
    }

    @Test
    void filesAppearingInAndVanishingFromADirectoryComeAndGo() throws Exception {
        Path zones = Files.createDirectories(dir.resolve("zones"));
        ZoneTexts.write(zones, "example.com.zone", zone("192.0.2.1"));
        ZoneTexts.write(zones, "README", "not a zone");
        ZoneStore store = load(zones);
        assertEquals(1, store.get().size());
        assertEquals("REFUSED", www(store, "example.org."));

        Path added = ZoneTexts.write(zones, "example.org.zone", zone("198.51.100.1"));
        assertFalse(store.reload(false), "a new file may still be being written");
        nanos.addAndGet(SETTLE.toNanos());
        assertTrue(store.reload(false));
        assertEquals("198.51.100.1", www(store, "example.org."));

        Files.delete(added);
        assertTrue(store.reload(false));
        assertEquals("REFUSED", www(store, "example.org."));
        assertEquals("192.0.2.1", www(store, "example.com."));
    }

    @Test
    void twoFilesWithOneOriginAreRefusedAtStartAndIgnoredOnReload() throws Exception {
        Path zones = Files.createDirectories(dir.resolve("zones"));
        Path first = ZoneTexts.write(zones, "a.zone", "$ORIGIN example.com.\n" + zone("192.0.2.1"));
        Path second = ZoneTexts.write(zones, "b.zone", "$ORIGIN example.com.\n" + zone("192.0.2.2"));
        IOException startError = assertThrows(IOException.class, () -> ZoneStore.load(List.of(zones)));
        assertTrue(startError.getMessage().contains("example.com. loaded twice")
                && startError.getMessage().contains(first.toString())
                && startError.getMessage().contains(second.toString()), startError.getMessage());

        Files.delete(second);
        ZoneStore store = load(zones);
        Files.writeString(second, "$ORIGIN example.com.\n" + zone("192.0.2.2"));
        reloadAfterSettling(store);
        assertEquals("192.0.2.1", www(store, "example.com."), "the catalog in service is kept");
        assertTrue(log.contains("loaded twice") && log.contains(first.toString()), log.lines().toString());
    }

    @Test
    void aSecondFileForAnOriginDoesNotHoldBackTheOtherZones() throws Exception {
        Path zones = Files.createDirectories(dir.resolve("zones"));
        Path first = ZoneTexts.write(zones, "a.zone", "$ORIGIN example.com.\n" + zone("192.0.2.1"));
        Path other = ZoneTexts.write(zones, "example.net.zone", zone("203.0.113.1"));
        ZoneStore store = load(zones);

        Path second = ZoneTexts.write(zones, "b.zone", "$ORIGIN example.com.\n" + zone("192.0.2.2"));
        Files.writeString(other, zone("203.0.113.2"));
        assertTrue(reloadAfterSettling(store));

        assertEquals("203.0.113.2", www(store, "example.net."), "the other zone's change is served");
        assertEquals("192.0.2.1", www(store, "example.com."), "the copy in service keeps the origin");
        assertTrue(log.contains("loaded twice: from " + first + " and " + second + "; serving the copy from "
                + first), log.lines().toString());
    }

    @Test
    void aBrokenFileAtStartIsAnError() throws Exception {
        Path file = ZoneTexts.write(dir, "example.com.zone", ZoneTexts.SOA + "www A 192.0.2.1\n");
        ZoneLoadException error = assertThrows(ZoneLoadException.class, () -> ZoneStore.load(List.of(file)));
        assertTrue(error.getMessage().startsWith(file.toString()), error.getMessage());
    }

    /** Collects the messages the store logs through java.util.logging, INFO and up, as {@code LEVEL message}. */
    static final class LogCapture extends Handler {
        private final Logger logger = Logger.getLogger(ZoneStore.class.getName());
        private final List<String> lines = new CopyOnWriteArrayList<>();
        private Level levelBefore;

        void attach() {
            levelBefore = logger.getLevel();
            logger.setLevel(Level.INFO);
            logger.setUseParentHandlers(false); // captured, not printed
            logger.addHandler(this);
        }

        void detach() {
            logger.removeHandler(this);
            logger.setUseParentHandlers(true);
            logger.setLevel(levelBefore);
        }

        List<String> lines() {
            return List.copyOf(lines);
        }

        boolean contains(String text) {
            return lines.stream().anyMatch(line -> line.contains(text));
        }

        @Override
        public void publish(LogRecord record) {
            lines.add(record.getLevel() + " " + new SimpleFormatter().formatMessage(record));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
