package dev.jdns.resolver.cache;

/**
 * How the resolver's memory for cached data ({@code --cache-size}) is shared out, in one place: three quarters for
 * answers, an eighth for zone cuts, a thirty-second for server round-trip records and the rest (three
 * thirty-seconds) for encoded replies kept for reuse by the front end. Answers are most of what a resolver keeps;
 * zone cuts are fewer (one per zone, against one entry per name and type). Every part is bounded in estimated heap
 * bytes ({@link HeapEstimate}), so the total is what the caches can hold, whatever the mix of entries.
 *
 * @param totalBytes the whole budget
 */
public record CacheSizes(long totalBytes) {

    /**
     * The default --cache-size: 32 MiB, about a hundred thousand typical answers (Unbound's defaults are 4 MiB for
     * RRsets and 4 MiB for messages). Chosen so that filling it, heap headroom included, grows the resolver's
     * resident memory by less than 64 MiB (README, "Under attack").
     */
    public static final long DEFAULT_BYTES = 32L << 20;
    /** {@link #DEFAULT_BYTES} as the command line writes it (for the option's default). */
    public static final String DEFAULT_TEXT = "32m";
    public static final CacheSizes DEFAULT = new CacheSizes(DEFAULT_BYTES);
    /** Below this the parts are too small to hold a working set of root, TLD and common zones. */
    public static final long MIN_BYTES = 1L << 20;

    /** Heap per server record (address, SRTT, Caffeine node; estimated, an address being about 100 bytes). */
    static final int SERVER_STAT_BYTES = 256;

    public CacheSizes {
        if (totalBytes < MIN_BYTES) {
            throw new IllegalArgumentException("the cache needs at least 1m, got " + totalBytes + " bytes");
        }
    }

    public long answerBytes() {
        return totalBytes / 4 * 3;
    }

    public long delegationBytes() {
        return totalBytes / 8;
    }

    /** Upstream server addresses whose round-trip time is remembered. */
    public long maxServers() {
        return totalBytes / 32 / SERVER_STAT_BYTES;
    }

    /** Bytes of encoded replies the front end may keep for reuse. */
    public long replyBytes() {
        return totalBytes - answerBytes() - delegationBytes() - totalBytes / 32;
    }
}
