package dev.jdns.transport;

/**
 * Settings of response rate limiting (RRL), as NSD, Knot DNS and BIND define it: at most {@code perSecond}
 * identical-looking responses a second go to one client network; of the responses over the limit every
 * {@code slip}th is sent truncated (so a real client retries over TCP) and the others are dropped.
 *
 * @param perSecond         responses a second per client network and kind of response; 0 turns limiting off
 * @param slip              0 drops every limited response, 1 truncates every one, N truncates every Nth
 * @param ipv4PrefixLength  the size of an IPv4 client network (24: a /24 counts as one client)
 * @param ipv6PrefixLength  the size of an IPv6 client network (56)
 * @param tableSize         buckets in the fixed-size table of counters, rounded up to a power of two; keys that
 *                          collide share a bucket (they are limited together, never left unlimited)
 */
public record RateLimit(int perSecond, int slip, int ipv4PrefixLength, int ipv6PrefixLength, int tableSize) {

    public static final int MAX_PER_SECOND = 1_000_000;
    public static final int MAX_SLIP = 100;
    public static final int MAX_TABLE_SIZE = 1 << 24;

    public RateLimit {
        check(perSecond, 0, MAX_PER_SECOND, "responses per second");
        check(slip, 0, MAX_SLIP, "slip");
        check(ipv4PrefixLength, 0, 32, "IPv4 prefix length");
        check(ipv6PrefixLength, 0, 128, "IPv6 prefix length");
        check(tableSize, 1, MAX_TABLE_SIZE, "table size");
    }

    /** True when responses are limited at all. */
    public boolean enabled() {
        return perSecond > 0;
    }

    private static void check(int value, int min, int max, String what) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " must be between " + min + " and " + max + ", got " + value);
        }
    }
}
