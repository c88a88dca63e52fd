package dev.jdns.transport;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Response rate limiting (RRL) in one-second windows over a fixed-size table, so memory stays the same whatever
 * the traffic. Each reply is counted under a key: the client's network (its address cut to the configured
 * prefix), the {@link ReplyCategory kind} of reply and the name (and for answers the type) it is accounted under.
 * The key picks a bucket holding the current second and how many replies were counted in it. The first
 * {@link RateLimit#perSecond()} of a second go out; past that every {@link RateLimit#slip()}th is sent truncated
 * and the rest are dropped, until the next second starts a new window.
 *
 * <p>Keys that collide share a bucket and are limited together: a collision can only limit early, never lift a
 * limit, and the secret hash seed keeps an outsider from choosing collisions. A bucket is one long updated by
 * compare-and-set, so receivers never lock.
 */
public final class ResponseRateLimiter implements ResponseLimiter {

    private static final long COUNT_MASK = 0xFFFF_FFFFL;
    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

    private final RateLimit limit;
    private final LongSupplier nanoClock;
    /** Per bucket: the window's second in the high 32 bits, replies counted in it in the low 32. */
    private final AtomicLongArray buckets;
    private final int mask;
    private final long seed = new SecureRandom().nextLong();

    /** @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime}; a test moves its own) */
    public ResponseRateLimiter(RateLimit limit, LongSupplier nanoClock) {
        this.limit = Objects.requireNonNull(limit, "limit");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        if (!limit.enabled()) {
            throw new IllegalArgumentException("rate limiting is off (0 responses per second): use NONE");
        }
        int size = Integer.highestOneBit(limit.tableSize());
        size = size < limit.tableSize() ? size << 1 : size;
        this.buckets = new AtomicLongArray(size);
        this.mask = size - 1;
    }

    /** The limiter {@code limit} asks for: {@link ResponseLimiter#NONE} when it is off. */
    public static ResponseLimiter of(RateLimit limit) {
        return limit.enabled() ? new ResponseRateLimiter(limit, System::nanoTime) : NONE;
    }

    /** Buckets in the table (the table size rounded up to a power of two); fixed for the limiter's life. */
    public int buckets() {
        return buckets.length();
    }

    @Override
    public byte[] admit(byte[] reply, InetAddress client) {
        return admit(reply, null, client);
    }

    /**
     * An answer the handler says to count under another name (the wildcard it was synthesised from) is counted
     * there, so random names under one wildcard share its limit, as BIND, Knot and NSD count them.
     */
    @Override
    public byte[] admit(byte[] reply, byte[] rateLimitName, InetAddress client) {
        if (!WireHeader.isComplete(reply)) {
            return reply;
        }
        ReplyCategory category = ReplyCategory.of(reply);
        boolean renamed = rateLimitName != null && category.kind() == ReplyCategory.Kind.ANSWER;
        long counted = count(renamed
                ? bucketOf(rateLimitName, 0, category, client)
                : bucketOf(reply, category.nameOffset(), category, client));
        if (counted <= limit.perSecond()) {
            return reply;
        }
        long overLimit = counted - limit.perSecond();
        if (limit.slip() > 0 && overLimit % limit.slip() == 0) {
            return WireHeader.truncatedCopy(reply, category.questionEnd());
        }
        return null;
    }

    /** Counts one reply in the bucket's current window and returns its place there (1 for the first). */
    private long count(int bucket) {
        long second = Math.floorDiv(nanoClock.getAsLong(), NANOS_PER_SECOND) & COUNT_MASK;
        while (true) {
            long state = buckets.get(bucket);
            long counted = state & COUNT_MASK;
            long next;
            if (state >>> 32 != second) {
                next = second << 32 | 1;
            } else if (counted == COUNT_MASK) {
                return counted; // saturated: limited all the same
            } else {
                next = state + 1;
            }
            if (buckets.compareAndSet(bucket, state, next)) {
                return next & COUNT_MASK;
            }
        }
    }

    /** @param nameOffset where in {@code wire} the accounted name starts, or -1 for none */
    private int bucketOf(byte[] wire, int nameOffset, ReplyCategory category, InetAddress client) {
        long hash = hashNetwork(seed, client.getAddress());
        hash = KeyHash.mix(hash, category.kind().ordinal());
        hash = KeyHash.mix(hash, category.qtype());
        if (nameOffset >= 0) {
            hash = WireNames.hash(wire, nameOffset, hash);
        }
        return (int) KeyHash.finish(hash) & mask;
    }

    /** The client's network: its address cut to the prefix length of its family (the family is part of it). */
    private long hashNetwork(long hash, byte[] address) {
        int prefix = address.length == 4 ? limit.ipv4PrefixLength() : limit.ipv6PrefixLength();
        hash = KeyHash.mix(hash, address.length);
        for (int i = 0; i < address.length; i++) {
            int bits = Math.clamp(prefix - i * 8L, 0, 8);
            hash = KeyHash.mix(hash, address[i] & (0xFF << (8 - bits)) & 0xFF);
        }
        return hash;
    }
}
