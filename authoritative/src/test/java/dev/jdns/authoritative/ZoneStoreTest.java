package dev.jdns.authoritative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
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

    private final LogCapture log = new LogCapture();

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
        ZoneStore store = ZoneStore.load(List.of(file));
        assertEquals("192.0.2.1", www(store, "example.com."));
        assertFalse(store.reload(false), "nothing changed");
        Files.writeString(file, zone("192.0.2.222"));
        assertTrue(store.reload(false));
        assertEquals("192.0.2.222", www(store, "example.com."));
    }

    @Test
    void reloadingEverythingRereadsUnchangedFiles() throws Exception {
        ZoneStore store = ZoneStore.load(List.of(ZoneTexts.write(dir, "example.com.zone", zone("192.0.2.1"))));
        assertTrue(store.reload(true), "SIGHUP re-reads every file");
        assertEquals("192.0.2.1", www(store, "example.com."));
    }

    @Test
    void aBrokenEditKeepsTheLastGoodZoneAndLogsFileAndLine() throws Exception {
        Path file = ZoneTexts.write(dir, "example.com.zone", zone("192.0.2.1"));
        ZoneStore store = ZoneStore.load(List.of(file));
        // Line 5: a CNAME beside other data at www (RFC 1034 §3.6.2).
        Files.writeString(file, zone("192.0.2.77") + "www CNAME ns1\n");
        assertFalse(store.reload(false));
        assertEquals("192.0.2.1", www(store, "example.com."), "the last good zone stays in service");
        assertTrue(log.contains(file + ":5:"), "log names file:line, got " + log.lines());
        assertTrue(log.contains("still serving the last good copy of example.com."), log.lines().toString());

        Files.writeString(file, zone("192.0.2.99"));
        assertTrue(store.reload(false), "the fixed file is picked up");
        assertEquals("192.0.2.99", www(store, "example.com."));
    }

    @Test
    void filesAppearingInAndVanishingFromADirectoryComeAndGo() throws Exception {
        Path zones = Files.createDirectories(dir.resolve("zones"));
        ZoneTexts.write(zones, "example.com.zone", zone("192.0.2.1"));
        ZoneTexts.write(zones, "README", "not a zone");
        ZoneStore store = ZoneStore.load(List.of(zones));
        assertEquals(1, store.get().size());
        assertEquals("REFUSED", www(store, "example.org."));

        Path added = ZoneTexts.write(zones, "example.org.zone", zone("198.51.100.1"));
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
        ZoneStore store = ZoneStore.load(List.of(zones));
        Files.writeString(second, "$ORIGIN example.com.\n" + zone("192.0.2.2"));
        store.reload(false);
        assertEquals("192.0.2.1", www(store, "example.com."), "the catalog in service is kept");
        assertTrue(log.contains("loaded twice") && log.contains(first.toString()), log.lines().toString());
    }

    @Test
    void aBrokenFileAtStartIsAnError() throws Exception {
        Path file = ZoneTexts.write(dir, "example.com.zone", ZoneTexts.SOA + "www A 192.0.2.1\n");
        ZoneLoadException error = assertThrows(ZoneLoadException.class, () -> ZoneStore.load(List.of(file)));
        assertTrue(error.getMessage().startsWith(file.toString()), error.getMessage());
    }

    /** Collects the formatted messages the store logs through java.util.logging. */
    static final class LogCapture extends Handler {
        private final Logger logger = Logger.getLogger(ZoneStore.class.getName());
        private final List<String> lines = new CopyOnWriteArrayList<>();

        void attach() {
            logger.addHandler(this);
        }

        void detach() {
            logger.removeHandler(this);
        }

        List<String> lines() {
            return List.copyOf(lines);
        }

        boolean contains(String text) {
            return lines.stream().anyMatch(line -> line.contains(text));
        }

        @Override
        public void publish(LogRecord record) {
            lines.add(new SimpleFormatter().formatMessage(record));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
