package dev.jdns.authoritative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Arbitrary bytes as a zone file ({@code example.com.zone}, so the origin may also come from the file name): the
 * result is a loaded zone or a {@link ZoneLoadException} whose message starts {@code file:line: } (or {@code file: }
 * for a problem of the whole zone), never another exception (RFC 1035 §5 text is operator input, but a bad file
 * must never take the server down; see ZoneStore's reload).
 *
 * <p>Seeds: {@code src/test/resources/dev/jdns/authoritative/ZoneLoaderFuzzTestInputs/zoneFiles/} (the zones/ of
 * the lab and edge cases); fuzzing: see fuzz/README.md.
 */
class ZoneLoaderFuzzTest {

    private static Path dir;
    private static Path file;

    @BeforeAll
    static void createFile() throws IOException {
        dir = Files.createTempDirectory("jdns-zone-fuzz");
        file = dir.resolve("example.com.zone");
    }

    @AfterAll
    static void deleteFile() throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
    }

    @FuzzTest
    void zoneFiles(byte[] text) throws IOException {
        Files.write(file, text);
        try {
            LoadedZone zone = ZoneLoader.load(file);
            assertTrue(zone.origin().isAbsolute());
        } catch (ZoneLoadException e) {
            assertFalse(e.problems().isEmpty());
            for (ZoneLoadException.Problem problem : e.problems()) {
                assertEquals(file, problem.where().file(), "the problem names the file");
            }
            assertTrue(e.getMessage().startsWith(file + ":"),
                    "file:line message: " + e.getMessage());
        }
    }
}
