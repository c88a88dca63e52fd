package dev.jdns.resolver;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jdns.resolver.core.RootHints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.xbill.DNS.Name;

/**
 * Arbitrary bytes as a {@code --root-hints} file: {@link RootHints#load} gives hints with at least one root server
 * address, or an {@link IOException}, its documented error, never anything else.
 *
 * <p>Seeds: {@code src/test/resources/dev/jdns/resolver/RootHintsFuzzTestInputs/hintsFiles/}; fuzzing: see
 * fuzz/README.md.
 */
class RootHintsFuzzTest {

    private static Path dir;
    private static Path file;

    @BeforeAll
    static void createFile() throws IOException {
        dir = Files.createTempDirectory("jdns-root-hints-fuzz");
        file = dir.resolve("root.hints");
    }

    @AfterAll
    static void deleteFile() throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
    }

    @FuzzTest
    void hintsFiles(byte[] text) throws IOException {
        Files.write(file, text);
        RootHints hints;
        try {
            hints = RootHints.load(file);
        } catch (IOException documented) {
            return;
        }
        assertFalse(hints.servers().isEmpty());
        assertTrue(hints.servers().stream().allMatch(server -> !server.addresses().isEmpty()));
        assertTrue(hints.rootDelegation().zone().equals(Name.root));
    }
}
