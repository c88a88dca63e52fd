package dev.jdns.resolver.hosts;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Arbitrary bytes as a hosts file, decoded as {@link HostsFile} decodes it (ISO-8859-1, every byte a character):
 * {@link HostsFileParser} skips what it cannot read and never throws, and every name it keeps answers with records
 * it owns.
 *
 * <p>Seeds: {@code src/test/resources/dev/jdns/resolver/hosts/HostsFileParserFuzzTestInputs/hostsFiles/}; fuzzing:
 * see fuzz/README.md.
 */
class HostsFileParserFuzzTest {

    /** The parser logs each bad line; millions of them would only slow the fuzzer down. */
    private static final Logger PARSER_LOG = Logger.getLogger(HostsFileParser.class.getName());
    private static Level previousLevel;

    @BeforeAll
    static void quiet() {
        previousLevel = PARSER_LOG.getLevel();
        PARSER_LOG.setLevel(Level.OFF);
    }

    @AfterAll
    static void restore() {
        PARSER_LOG.setLevel(previousLevel);
    }

    @FuzzTest
    void hostsFiles(byte[] file) {
        List<String> lines = new String(file, StandardCharsets.ISO_8859_1).lines().toList();
        HostsTable table = HostsFileParser.parse(lines, 3600, "fuzz-hosts");
        for (String line : lines) {
            for (String field : line.split("\\s+")) {
                Name name = nameOrNull(field);
                if (name == null) {
                    continue;
                }
                table.lookup(name, Type.ANY).ifPresent(answer -> {
                    for (Record record : answer.records()) {
                        assertTrue(record.getName().equals(name), "record " + record + " for " + name);
                    }
                });
            }
        }
    }

    private static Name nameOrNull(String text) {
        try {
            return Name.fromString(text, Name.root);
        } catch (TextParseException e) {
            return null;
        }
    }
}
