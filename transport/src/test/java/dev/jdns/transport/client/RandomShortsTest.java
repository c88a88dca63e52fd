package dev.jdns.transport.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class RandomShortsTest {

    @Test
    void idsAreTheGeneratorsOutputTwoOctetsAtATimeAcrossBlocks() throws Exception {
        // SHA1PRNG seeded before first use is deterministic, so the expected stream can be drawn beside it.
        byte[] seed = {1, 2, 3, 4};
        SecureRandom expected = SecureRandom.getInstance("SHA1PRNG");
        expected.setSeed(seed);
        SecureRandom source = SecureRandom.getInstance("SHA1PRNG");
        source.setSeed(seed);
        RandomShorts ids = new RandomShorts(source);

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

    @Test
    void aDrawWithAFloorSkipsTheValuesBelowItAndKeepsTheRestInOrder() throws Exception {
        byte[] seed = {5, 6, 7, 8};
        SecureRandom expected = SecureRandom.getInstance("SHA1PRNG");
        expected.setSeed(seed);
        SecureRandom source = SecureRandom.getInstance("SHA1PRNG");
        source.setSeed(seed);
        RandomShorts ports = new RandomShorts(source);
        // A high floor, so that many values are skipped (about three in four) and the skipping is seen.
        int floor = 49_152;
        byte[] stream = new byte[512];
        expected.nextBytes(stream);
        int drawn = 0;
        for (int i = 0; i < 256; i++) {
            int value = ((stream[2 * i] & 0xFF) << 8) | (stream[2 * i + 1] & 0xFF);
            if (value >= floor) {
                assertEquals(value, ports.nextAtLeast(floor), "port " + drawn);
                drawn++;
            }
        }
        assertTrue(drawn > 30, "the seed gave " + drawn + " values above the floor");
    }
}
