package dev.jdns.resolver.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Arbitrary bytes as an {@code --rpz} file: {@link PolicyZoneParser} either gives a policy zone whose every exact
 * trigger matches its own name, or refuses with a {@link PolicyZoneException} that names the file; nothing else
 * escapes (a reload must never take the resolver down).
 *
 * <p>Seeds: {@code src/test/resources/dev/jdns/resolver/policy/PolicyZoneParserFuzzTestInputs/policyFiles/};
 * fuzzing: {@code fuzz/run.sh rpz}.
 */
class PolicyZoneParserFuzzTest {

    /** The parser warns about each unsupported trigger; millions of them would only slow the fuzzer down. */
    private static final Logger PARSER_LOG = Logger.getLogger(PolicyZoneParser.class.getName());
    private static Level previousLevel;
    private static Path file;

    @BeforeAll
    static void setUp() throws IOException {
        previousLevel = PARSER_LOG.getLevel();
        PARSER_LOG.setLevel(Level.OFF);
        file = Files.createTempFile("fuzz", ".rpz");
    }

    @AfterAll
    static void tearDown() throws IOException {
        PARSER_LOG.setLevel(previousLevel);
        Files.deleteIfExists(file);
    }

    @FuzzTest
    void policyFiles(byte[] bytes) throws IOException {
        Files.write(file, bytes);
        PolicyZone zone;
        try {
            zone = PolicyZoneParser.parse(file);
        } catch (PolicyZoneException e) {
            assertTrue(e.getMessage().startsWith(file + ":"), e.getMessage());
            return;
        }
        zone.exact().forEach((trigger, rule) -> assertEquals(rule, zone.match(trigger).orElseThrow()));
    }
}
