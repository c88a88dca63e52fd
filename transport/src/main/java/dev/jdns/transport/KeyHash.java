package dev.jdns.transport;

/**
 * A seeded 64-bit hash built one value at a time (FNV-1a steps, then a final avalanche), for keys read straight
 * from wire bytes. The seed is secret and random per process, so an attacker cannot aim distinct keys at one
 * bucket of a fixed-size table from outside.
 */
final class KeyHash {

    private static final long PRIME = 0x100000001b3L;

    private KeyHash() {}

    static long mix(long hash, int value) {
        return (hash ^ value) * PRIME;
    }

    /** Spreads every input bit over the whole result (the murmur3 finaliser), so the low bits index well. */
    static long finish(long hash) {
        long h = hash;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }
}
