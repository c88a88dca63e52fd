package dev.jdns.transport;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Encoded replies kept for reuse, so a repeated question skips parsing, the handler and encoding: the reply's
 * bytes are copied and only the ID, the question name's case and, for an aging reply, the TTLs are patched
 * ({@link KeptReplyPatch}).
 *
 * <p>Two-way set associative, like a CPU cache: a key's hash picks a pair of slots and a new entry takes the one
 * that is free, stale or holds the same key, else evicts one of the two, so memory is bounded by the slot count
 * times {@link #MAX_REPLY} without any eviction bookkeeping, and lookups take no lock. The bytes held are counted
 * too: past the byte bound a new reply is kept only in place of one at least as large, so the bound holds whatever
 * the mix of sizes. (Direct-mapped, a third of a bench zone's 3500 answers fought over slots; with two ways
 * collisions are rare.) Each entry remembers the handler's answer generation it was made in and counts only while
 * that generation is current (a zone reload empties the cache in effect). Thread-safe.
 */
final class PacketCache {

    /** Replies larger than this are not kept: rare, and they would make the memory bound large. */
    static final int MAX_REPLY = Edns.OUR_UDP_PAYLOAD;
    static final int DEFAULT_SLOTS = 32_768;
    /**
     * Heap bytes of an entry besides its reply's octets: the entry, its key with the key's octets, the reply array's
     * header and the TTL offsets (object headers and references, counted by hand for a 64-bit JVM with compressed
     * references; a sum over the fields, not a measurement).
     */
    static final int ENTRY_OVERHEAD = 160;

    /**
     * @param ttls            where the TTLs to age are, or null for a reply reused as it is
     * @param lifetimeSeconds for an aging reply, how long it may be sent: the handler's bound or its smallest TTL
     * @param rateLimitName   what rate limiting counts the reply under, as the handler said (see {@link ReplySink})
     */
    private record Entry(ReuseKey key, Object generation, byte[] reply, WireTtls ttls, long lifetimeSeconds,
                         long madeNanos, byte[] rateLimitName) {}

    private final AtomicReferenceArray<Entry> slots;
    private final int mask;
    private final long maxBytes;
    private final AtomicLong bytes = new AtomicLong();

    /**
     * @param slots    a power of two, at least 2
     * @param maxBytes most heap bytes the kept replies may take (estimated: octets plus {@link #ENTRY_OVERHEAD})
     */
    PacketCache(int slots, long maxBytes) {
        if (slots < 2 || Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two, got " + slots);
        }
        this.slots = new AtomicReferenceArray<>(slots);
        this.mask = slots - 1;
        this.maxBytes = maxBytes;
    }

    /** Estimated heap bytes of the kept replies. */
    long bytes() {
        return bytes.get();
    }

    /**
     * A fresh copy of the reply kept for {@code key} in {@code generation}, patched for {@code request} and, for an
     * aging reply, for the time {@code nowNanos}; null when there is none or its lifetime ran out.
     */
    byte[] reply(ReuseKey key, Object generation, byte[] request, long nowNanos) {
        Entry entry = find(key, generation);
        return entry == null ? null : patched(entry, key, request, nowNanos);
    }

    /**
     * Sends the reply {@link #reply} would make to {@code sink}, with what rate limiting counts it under, and says
     * whether there was one.
     */
    boolean send(ReuseKey key, Object generation, byte[] request, long nowNanos, ReplySink sink) throws IOException {
        Entry entry = find(key, generation);
        byte[] reply = entry == null ? null : patched(entry, key, request, nowNanos);
        if (reply == null) {
            return false;
        }
        sink.send(reply, entry.rateLimitName());
        return true;
    }

    private Entry find(ReuseKey key, Object generation) {
        int first = firstSlot(key);
        Entry entry = slots.getPlain(first);
        if (holds(entry, key, generation)) {
            return entry;
        }
        entry = slots.getPlain(first + 1);
        return holds(entry, key, generation) ? entry : null;
    }

    private static byte[] patched(Entry entry, ReuseKey key, byte[] request, long nowNanos) {
        long elapsed = 0;
        if (entry.ttls() != null) {
            elapsed = TimeUnit.NANOSECONDS.toSeconds(nowNanos - entry.madeNanos());
            if (elapsed < 0 || elapsed >= entry.lifetimeSeconds()) {
                return null; // expired: the handler answers, and its reply takes the slot
            }
        }
        return KeptReplyPatch.apply(entry.reply(), request, key.nameLength(), entry.ttls(), elapsed);
    }

    /**
     * Keeps a copy of {@code reply} for requests with {@code key}, if it echoes the question at offset 12 the way
     * {@link #reply} patches it and, when {@code reuse} is {@link Response.Reuse.Aging}, has TTLs that allow keeping
     * it at all. {@code nowNanos} dates the entry, for aging and to evict the older of two; {@code rateLimitName}
     * goes with the reply whenever it is sent again.
     */
    void store(ReuseKey key, Object generation, byte[] reply, Response.Reuse reuse, long nowNanos,
               byte[] rateLimitName) {
        if (reuse instanceof Response.Reuse.Never || reply.length > MAX_REPLY || !echoesQuestion(key, reply)) {
            return;
        }
        WireTtls ttls = null;
        long lifetime = 0;
        if (reuse instanceof Response.Reuse.Aging aging) {
            ttls = WireTtls.of(reply);
            if (ttls == null || ttls.minimum() <= 0 || ttls.minimum() == Long.MAX_VALUE) {
                return; // TTL 0 means use once (RFC 1035 §3.2.1); no records means nothing to age
            }
            lifetime = Math.min(aging.maxSeconds(), ttls.minimum());
        }
        int slot = slotFor(key, generation);
        Entry replaced = slots.getPlain(slot);
        long growth = weight(reply.length) - (replaced == null ? 0 : weight(replaced.reply().length));
        if (growth > 0 && bytes.get() + growth > maxBytes) {
            return; // full: keeping it would pass the bound
        }
        Entry entry = new Entry(key, generation, reply.clone(), ttls, lifetime, nowNanos, rateLimitName);
        // Another thread may replace the same slot at once: account for what was really there, so the count stays
        // the sum of what the slots hold.
        Entry previous = slots.getAndSet(slot, entry);
        bytes.addAndGet(weight(reply.length) - (previous == null ? 0 : weight(previous.reply().length)));
    }

    private static long weight(int replyLength) {
        return ENTRY_OVERHEAD + replyLength;
    }

    private static boolean holds(Entry entry, ReuseKey key, Object generation) {
        return entry != null && entry.generation() == generation && entry.key().sameAs(key);
    }

    /** Of the key's two slots: the one with this key, else a free or stale one, else the older entry's. */
    private int slotFor(ReuseKey key, Object generation) {
        int first = firstSlot(key);
        for (int slot = first; slot <= first + 1; slot++) {
            Entry entry = slots.getPlain(slot);
            if (entry == null || entry.generation() != generation || entry.key().sameAs(key)) {
                return slot;
            }
        }
        Entry a = slots.getPlain(first);
        Entry b = slots.getPlain(first + 1);
        return a == null || b == null || a.madeNanos() - b.madeNanos() <= 0 ? first : first + 1;
    }

    /** One question, written in full at offset 12 with the name of the key (whatever its case). */
    private static boolean echoesQuestion(ReuseKey key, byte[] reply) {
        int nameEnd = ReuseKey.QUESTION_OFFSET + key.nameLength();
        if (reply.length < nameEnd || reply[4] != 0 || reply[5] != 1) {
            return false;
        }
        for (int i = ReuseKey.QUESTION_OFFSET; i < nameEnd; i++) {
            if (ReuseKey.lower(reply[i]) != key.octets()[i - ReuseKey.QUESTION_OFFSET + ReuseKey.PREFIX]) {
                return false;
            }
        }
        return true;
    }

    private int firstSlot(ReuseKey key) {
        int h = key.hash();
        return (h ^ (h >>> 16)) & mask & ~1;
    }
}
