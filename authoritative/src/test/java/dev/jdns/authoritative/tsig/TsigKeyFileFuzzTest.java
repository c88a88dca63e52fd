package dev.jdns.authoritative.tsig;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Arbitrary bytes as a {@code --key-file}: {@link TsigKeyFile} returns at least one usable key or throws
 * {@link TsigKeyFileException} saying {@code file:line: reason}, never anything else.
 *
 * <p>Seeds: {@code src/test/resources/dev/jdns/authoritative/tsig/TsigKeyFileFuzzTestInputs/keyFiles/} (what
 * tsig-keygen writes, several keys, comments of each kind, broken files); fuzzing: see fuzz/README.md.
 */
class TsigKeyFileFuzzTest {

    @FuzzTest
    void keyFiles(byte[] file) {
        String text = new String(file, StandardCharsets.UTF_8);
        try {
            List<TsigKey> keys = TsigKeyFile.parse("fuzz.key", text);
            assertFalse(keys.isEmpty());
            for (TsigKey key : keys) {
                assertTrue(TsigKey.ALGORITHMS.containsValue(key.algorithm()));
                assertTrue(key.secret().length > 0);
                key.tsig(); // dnsjava accepts it
            }
        } catch (TsigKeyFileException expected) {
            assertTrue(expected.getMessage().matches("(?s)fuzz\\.key:\\d+: .+"), expected.getMessage());
        }
    }
}
