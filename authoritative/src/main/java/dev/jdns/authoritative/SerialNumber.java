package dev.jdns.authoritative;

/**
 * SOA serial arithmetic (RFC 1982): serials are 32-bit and wrap, so "newer" means ahead by less than half the
 * space. One home for the comparison the journal, IXFR, NOTIFY (and later the secondary's refresh) all make.
 */
public final class SerialNumber {

    private static final long SPACE = 1L << 32;
    private static final long HALF = 1L << 31;

    private SerialNumber() {}

    /**
     * RFC 1982 §3.2: {@code candidate} is greater than {@code reference} when it is ahead by 1 to 2^31 - 1 (mod
     * 2^32). Ahead by exactly 2^31 is undefined there; it counts as not newer, so nothing acts on it.
     */
    public static boolean isNewer(long candidate, long reference) {
        long ahead = Math.floorMod(candidate - reference, SPACE);
        return ahead > 0 && ahead < HALF;
    }
}
