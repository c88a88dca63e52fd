package dev.jdns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.authoritative.ZoneStore;
import dev.jdns.transport.testing.LoopbackClient;
import dev.jdns.transport.testing.TestQueries;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * `jdns serve` reloading by itself, queried over UDP on loopback while its zone files change: a broken file beside
 * a good change, a file written in place in two steps, a file replaced by rename. Waits are bounded polls of what
 * the server answers; no duration is asserted.
 */
class ServeReloadTest {

    private static final String POLL_OFTEN = "50ms";
    private static final Duration PATIENCE = Duration.ofSeconds(15);
    /** The writer's pause between the two parts: many polls long, well short of the default settle period. */
    private static final Duration WRITER_PAUSE = Duration.ofMillis(1000);
    private static final Duration QUERY_GAP = Duration.ofMillis(50);

    @TempDir
    Path dir;

    private static String zone(String wwwAddress) {
        return """
                $TTL 3600
                @    IN SOA ns1 hostmaster 1 7200 3600 1209600 300
                @    NS   ns1
                ns1  A    192.0.2.53
                www  A    %s
                """.formatted(wwwAddress);
    }

    /** www.ORIGIN's address as the server answers it over UDP, or the rcode when it has none. */
    private static String www(InetSocketAddress server, String origin) {
        Message reply = LoopbackClient.udp(server, TestQueries.query("www." + origin, Type.A))
                .orElseThrow(() -> new AssertionError("no reply for www." + origin));
        return reply.getRcode() == Rcode.NOERROR && !reply.getSection(Section.ANSWER).isEmpty()
                ? reply.getSection(Section.ANSWER).getFirst().rdataToString()
                : Rcode.string(reply.getRcode());
    }

    private static String awaitWww(InetSocketAddress server, String origin, String expected) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        String seen = www(server, origin);
        while (!seen.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(QUERY_GAP.toMillis());
            seen = www(server, origin);
        }
        return seen;
    }

    /** Writes {@code text} to a new file in the same directory, then renames it over {@code file}: atomic. */
    private static void replaceByRename(Path file, String text) throws Exception {
        Path temp = Files.writeString(file.resolveSibling(file.getFileName() + ".tmp"), text);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void aClassChRecordAtReloadKeepsThatZoneWhileAnotherZonesChangeIsServed() throws Exception {
        Path zones = Files.createDirectories(dir.resolve("zones"));
        Path good = Files.writeString(zones.resolve("example.com.zone"), zone("192.0.2.1"));
        Path broken = Files.writeString(zones.resolve("example.org.zone"), zone("198.51.100.1"));
        try (RunningServe serve = RunningServe.start("--listen", "127.0.0.1:0", "--watch-interval", POLL_OFTEN,
                zones.toString());
             ZoneStoreLog log = ZoneStoreLog.attach()) {
            InetSocketAddress server = serve.address();

            replaceByRename(broken, zone("198.51.100.2") + "www CH A 192.0.2.66\n"); // line 6
            replaceByRename(good, zone("192.0.2.2"));
            assertEquals("192.0.2.2", awaitWww(server, "example.com.", "192.0.2.2"), "the good change is served");
            assertEquals("198.51.100.1", www(server, "example.org."), "the broken zone keeps its last good data");

            // Two more changes served means two more polls saw the broken file: it is not logged again.
            for (String address : List.of("192.0.2.3", "192.0.2.4")) {
                replaceByRename(good, zone(address));
                assertEquals(address, awaitWww(server, "example.com.", address));
            }
            List<String> aboutBroken = log.lines().stream().filter(line -> line.contains(broken.toString())).toList();
            assertEquals(1, aboutBroken.size(), "logged once: " + log.lines());
            assertTrue(aboutBroken.getFirst().startsWith(broken + ":6: record www.example.org. A has class CH"),
                    aboutBroken.getFirst());
        }
    }

    @Test
    void aFileWrittenInPlaceInTwoStepsIsNeverServedHalfWritten() throws Exception {
        Path file = Files.writeString(dir.resolve("example.com.zone"), zone("192.0.2.1"));
        // The default settle period (5s): four seconds of margin over the pause for a busy machine.
        try (RunningServe serve = RunningServe.start("--listen", "127.0.0.1:0", "--watch-interval", POLL_OFTEN,
                file.toString())) {
            InetSocketAddress server = serve.address();
            String complete = zone("192.0.2.2");
            int split = complete.indexOf("www");

            Files.writeString(file, complete.substring(0, split)); // in place: same inode, no www yet
            long pauseEnds = System.nanoTime() + WRITER_PAUSE.toNanos();
            int queries = 0;
            while (System.nanoTime() < pauseEnds) {
                assertEquals("192.0.2.1", www(server, "example.com."), "half the file is never served");
                queries++;
                Thread.sleep(QUERY_GAP.toMillis());
            }
            Files.writeString(file, complete.substring(split), StandardOpenOption.APPEND);

            assertTrue(queries > 0, "queried during the pause");
            assertEquals("192.0.2.2", awaitWww(server, "example.com.", "192.0.2.2"), "the whole file once settled");
        }
    }

    @Test
    void aFileReplacedByRenameIsServedWithoutWaitingToSettle() throws Exception {
        Path file = Files.writeString(dir.resolve("example.com.zone"), zone("192.0.2.1"));
        // A settle period no test would outlast: being served proves it was not waited for.
        try (RunningServe serve = RunningServe.start("--listen", "127.0.0.1:0", "--watch-interval", POLL_OFTEN,
                "--reload-settle", "1h", file.toString())) {
            replaceByRename(file, zone("192.0.2.2"));
            assertEquals("192.0.2.2", awaitWww(serve.address(), "example.com.", "192.0.2.2"));
        }
    }

    /** The warnings the zone store logs while attached (attach after start: `--log-level` resets logging). */
    private static final class ZoneStoreLog extends Handler implements AutoCloseable {
        private final Logger logger = Logger.getLogger(ZoneStore.class.getName());
        private final List<String> lines = new CopyOnWriteArrayList<>();

        static ZoneStoreLog attach() {
            ZoneStoreLog log = new ZoneStoreLog();
            log.logger.addHandler(log);
            return log;
        }

        List<String> lines() {
            return List.copyOf(lines);
        }

        @Override
        public void publish(LogRecord record) {
            lines.add(new SimpleFormatter().formatMessage(record));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {
            logger.removeHandler(this);
        }
    }
}
