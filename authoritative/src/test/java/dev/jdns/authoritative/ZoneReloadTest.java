package dev.jdns.authoritative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.DnsServer;
import dev.jdns.transport.ServerOptions;
import dev.jdns.transport.testing.LoopbackClient;
import dev.jdns.transport.testing.LoopbackServers;
import dev.jdns.transport.testing.TestQueries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Reloads as clients see them, over UDP on loopback: a broken file beside a good change, files written in place
 * in two steps, files replaced by rename. The settle clock is the test's, and each reload pass is called
 * directly (as the watcher's poll would), so nothing here waits on time.
 */
class ZoneReloadTest {

    private static final Duration SETTLE = Duration.ofSeconds(5);
    private static final Duration LESS_THAN_SETTLE = Duration.ofSeconds(4);

    @TempDir
    Path dir;

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final ZoneStoreTest.LogCapture log = new ZoneStoreTest.LogCapture();
    private DnsServer server;

    @BeforeEach
    void captureLog() {
        log.attach();
    }

    @AfterEach
    void stop() {
        log.detach();
        if (server != null) {
            server.close();
        }
    }

    /** Loads {@code sources} with the test's settle clock and serves them on 127.0.0.1. */
    private ZoneStore serve(Path... sources) throws Exception {
        ZoneStore store = ZoneStore.load(List.of(sources), SETTLE, nanos::get);
        server = LoopbackServers.start(AuthoritativeHandler.serving(store).build(),
                ServerOptions.defaults(), "127.0.0.1");
        return store;
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    /** What the server answers for www.ORIGIN A over UDP: its address, or the rcode when it has none. */
    private String www(String origin) {
        Message reply = LoopbackClient.udp(LoopbackServers.address(server), TestQueries.query("www." + origin, Type.A))
                .orElseThrow(() -> new AssertionError("no reply for www." + origin));
        return reply.getRcode() == Rcode.NOERROR && !reply.getSection(Section.ANSWER).isEmpty()
                ? reply.getSection(Section.ANSWER).getFirst().rdataToString()
                : Rcode.string(reply.getRcode());
    }

    /** Warnings that name {@code file}. */
    private long warningsAbout(Path file) {
        return log.lines().stream().filter(line -> line.startsWith("WARNING") && line.contains(file.toString()))
                .count();
    }

    /** Writes {@code text} to a new file in the same directory and renames it over {@code file}. */
    private static void replaceByRename(Path file, String text) throws Exception {
        Path temp = Files.writeString(file.resolveSibling(file.getFileName() + ".tmp"), text);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void aClassChRecordKeepsItsZoneWhileAnotherZonesChangeIsServedAndIsLoggedOnce() throws Exception {
        Path zones = Files.createDirectories(dir.resolve("zones"));
        Path good = ZoneTexts.write(zones, "example.com.zone", ZoneStoreTest.zone("192.0.2.1"));
        Path broken = ZoneTexts.write(zones, "example.org.zone", ZoneStoreTest.zone("198.51.100.1"));
        ZoneStore store = serve(zones);

        // Line 5 of the broken file: a CH record beside IN data at www.
        Files.writeString(broken, ZoneStoreTest.zone("198.51.100.2") + "www CH A 192.0.2.66\n");
        Files.writeString(good, ZoneStoreTest.zone("192.0.2.2"));
        store.reload(false);
        advance(SETTLE);
        store.reload(false);

        assertEquals("192.0.2.2", www("example.com."), "the good zone's change is served");
        assertEquals("198.51.100.1", www("example.org."), "the broken zone keeps its last good data");
        assertEquals(1, warningsAbout(broken), log.lines().toString());
        assertTrue(log.contains(broken + ":5: record www.example.org. A has class CH"), log.lines().toString());

        for (int pass = 0; pass < 3; pass++) {
            advance(SETTLE);
            store.reload(false);
        }
        assertEquals(1, warningsAbout(broken), "still broken, unchanged: not logged again " + log.lines());

        Files.writeString(broken, ZoneStoreTest.zone("198.51.100.3") + "@ CH NS ns1\n");
        store.reload(false);
        advance(SETTLE);
        store.reload(false);
        assertEquals(2, warningsAbout(broken), "changed and still broken: logged again " + log.lines());
        assertTrue(log.contains(broken + ":5: record example.org. NS has class CH"), log.lines().toString());

        replaceByRename(broken, ZoneStoreTest.zone("198.51.100.4"));
        store.reload(false);
        assertEquals("198.51.100.4", www("example.org."));
        assertTrue(log.lines().getLast().contains(broken + " loads again"), "the fix is logged: " + log.lines());
    }

    @Test
    void aFileWrittenInPlaceInTwoStepsIsNeverServedHalfWritten() throws Exception {
        Path file = ZoneTexts.write(dir, "example.com.zone", ZoneStoreTest.zone("192.0.2.1"));
        ZoneStore store = serve(file);
        String complete = ZoneStoreTest.zone("192.0.2.2");
        String firstPart = complete.substring(0, complete.indexOf("www"));

        Files.writeString(file, firstPart); // the writer pauses here, a little less than the settle period
        for (int poll = 0; poll < 4; poll++) {
            store.reload(false);
            assertEquals("192.0.2.1", www("example.com."), "half the file (no www yet) is not served");
            advance(LESS_THAN_SETTLE.dividedBy(4));
        }
        Files.writeString(file, complete); // the rest arrives: the settle period starts again
        store.reload(false);
        advance(LESS_THAN_SETTLE);
        store.reload(false);
        assertEquals("192.0.2.1", www("example.com."), "not yet unchanged for the settle period");

        advance(SETTLE.minus(LESS_THAN_SETTLE));
        assertTrue(store.reload(false));
        assertEquals("192.0.2.2", www("example.com."));
    }

    @Test
    void aFileReplacedByRenameIsServedWithoutWaitingToSettle() throws Exception {
        Path file = ZoneTexts.write(dir, "example.com.zone", ZoneStoreTest.zone("192.0.2.1"));
        ZoneStore store = serve(file);

        replaceByRename(file, ZoneStoreTest.zone("192.0.2.2"));

        assertTrue(store.reload(false), "a new inode is a complete file: read on the first pass");
        assertEquals("192.0.2.2", www("example.com."));
    }

    @Test
    void aRewriteThatKeepsSizeAndTimeIsCaughtByTheDigest() throws Exception {
        Path file = ZoneTexts.write(dir, "example.com.zone", ZoneStoreTest.zone("192.0.2.1"));
        ZoneStore store = serve(file);
        FileTime stamp = FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 60_000);

        Files.writeString(file, ZoneStoreTest.zone("192.0.2.2"));
        Files.setLastModifiedTime(file, stamp);
        store.reload(false);
        advance(LESS_THAN_SETTLE);
        // Same length, same time (a coarse clock would give this): only the bytes differ.
        Files.writeString(file, ZoneStoreTest.zone("192.0.2.3"));
        Files.setLastModifiedTime(file, stamp);
        advance(SETTLE.minus(LESS_THAN_SETTLE));
        assertFalse(store.reload(false), "the bytes changed since the version was first seen: settle again");
        assertEquals("192.0.2.1", www("example.com."));

        advance(SETTLE);
        assertTrue(store.reload(false));
        assertEquals("192.0.2.3", www("example.com."));
    }

    @Test
    void reloadingEverythingDoesNotWaitToSettle() throws Exception {
        Path file = ZoneTexts.write(dir, "example.com.zone", ZoneStoreTest.zone("192.0.2.1"));
        ZoneStore store = serve(file);

        Files.writeString(file, ZoneStoreTest.zone("192.0.2.2"));

        assertTrue(store.reload(true), "SIGHUP: the operator says the file is complete");
        assertEquals("192.0.2.2", www("example.com."));
    }
}
