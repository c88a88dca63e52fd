package dev.jdns.transport.client;

import java.security.SecureRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Unpredictable 16-bit query IDs (RFC 5452 §9.2), drawn from a cryptographic generator in blocks: one DRBG call
 * per {@link #BLOCK} IDs instead of one per ID. A HashDRBG call costs a few SHA-256 compressions whatever its
 * length, and one per upstream query showed in profiles of the resolver resolving new names. Block
 * drawing changes nothing about what an observer can predict: the IDs are the generator's output in order.
 * Thread-safe.
 */
final class QueryIds {

    private static final int BLOCK = 256;

    private final SecureRandom random;
    private final ReentrantLock lock = new ReentrantLock(); // not synchronized: virtual threads must not pin
    private final byte[] block = new byte[2 * BLOCK];
    private int next = block.length;

    QueryIds(SecureRandom random) {
        this.random = random;
    }

    int next() {
        lock.lock();
        try {
            if (next == block.length) {
                random.nextBytes(block);
                next = 0;
            }
            int id = ((block[next] & 0xFF) << 8) | (block[next + 1] & 0xFF);
            next += 2;
            return id;
        } finally {
            lock.unlock();
        }
    }
}
