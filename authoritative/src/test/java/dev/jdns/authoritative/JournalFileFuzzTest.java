package dev.jdns.authoritative;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Arbitrary bytes as a block of an IXFR journal file in --state-dir ({@link JournalFile}): the reader keeps the
 * whole, intact blocks and stops at the first that is not, and never throws. The harness closes the block with
 * its correct CRC, so the fuzzer gets past the checksum to the record decoding behind it.
 *
 * <p>Seeds: {@code src/test/resources/dev/jdns/authoritative/JournalFileFuzzTestInputs/journalBlocks/}; fuzzing:
 * see fuzz/README.md.
 */
class JournalFileFuzzTest {

    @FuzzTest
    void journalBlocks(byte[] data) {
        List<String> lines = new ArrayList<>(new String(data, StandardCharsets.US_ASCII).lines().toList());
        StringBuilder block = new StringBuilder();
        lines.forEach(line -> block.append(line).append('\n'));
        lines.add("end " + JournalFile.crc(block));

        List<ZoneDiff> diffs = JournalFile.decode(lines);

        assertTrue(diffs.size() <= 1, diffs.size() + " blocks from one");
        diffs.forEach(diff -> assertTrue(JournalFile.decode(JournalFile.encode(diff).lines().toList()).size() == 1));
    }
}
