package dev.jdns.transport.client;

import java.security.SecureRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Unpredictable 16-bit values for query IDs and source ports (RFC 5452 §9.2), drawn from a cryptographic generator
 * in blocks: one DRBG call per {@link #BLOCK} values instead of one per value. A HashDRBG call costs a few SHA-256
 * compressions and a lock whatever its length, and one per ID and one per port showed in profiles of the resolver
 * resolving new names. Block drawing changes nothing about what an observer can predict: the values are the
 * generator's output in order, each used once, and a draw within a range rejects values outside it rather than
 * folding them in, so every value of the range stays equally likely. Thread-safe.
 */
final class RandomShorts {

    private static final int BLOCK = 256;

    private final SecureRandom random;
    private final ReentrantLock lock = new ReentrantLock(); // not synchronized: virtual threads must not pin
    private final byte[] block = new byte[2 * BLOCK];
    private int next = block.length;

    RandomShorts(SecureRandom random) {
        this.random = random;
    }

    /** The next value, 0 to 65535. */
    int next() {
        lock.lock();
        try {
            if (next == block.length) {
                random.nextBytes(block);
                next = 0;
            }
            int value = ((block[next] & 0xFF) << 8) | (block[next + 1] & 0xFF);
            next += 2;
            return value;
        } finally {
            lock.unlock();
        }
    }

    /** The next value from {@code floor} to 65535, uniformly: values below {@code floor} are skipped. */
    int nextAtLeast(int floor) {
        if (floor < 0 || floor > 0xFFFF) {
            throw new IllegalArgumentException("not a 16-bit floor: " + floor);
        }
        int value = next();
        while (value < floor) {
            value = next();
        }
        return value;
    }
}
