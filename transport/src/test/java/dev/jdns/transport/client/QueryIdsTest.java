package dev.jdns.transport.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class QueryIdsTest {

    @Test
    void idsAreTheGeneratorsOutputTwoOctetsAtATimeAcrossBlocks() throws Exception {
        // SHA1PRNG seeded before first use is deterministic, so the expected stream can be drawn beside it.
        byte[] seed = {1, 2, 3, 4};
        SecureRandom expected = SecureRandom.getInstance("SHA1PRNG");
        expected.setSeed(seed);
        SecureRandom source = SecureRandom.getInstance("SHA1PRNG");
        source.setSeed(seed);
        QueryIds ids = new QueryIds(source);

        byte[] stream = new byte[2 * 600];
        byte[] first = new byte[512];
        byte[] second = new byte[512];
        byte[] third = new byte[512];
        expected.nextBytes(first);
        expected.nextBytes(second);
        expected.nextBytes(third);
        System.arraycopy(first, 0, stream, 0, 512);
        System.arraycopy(second, 0, stream, 512, 512);
        System.arraycopy(third, 0, stream, 1024, 176);
        for (int i = 0; i < 600; i++) {
            int id = ids.next();
            assertTrue(id >= 0 && id <= 0xFFFF);
            assertEquals(((stream[2 * i] & 0xFF) << 8) | (stream[2 * i + 1] & 0xFF), id, "ID " + i);
        }
    }
}
