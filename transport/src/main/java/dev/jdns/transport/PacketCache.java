package dev.jdns.transport;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Encoded replies kept for reuse, so a repeated question skips parsing, the handler and encoding: the reply's
 * bytes are copied and only the ID and the question name's case are patched (RFC 1035 §4.1.1: the ID is echoed;
 * RFC 4343 §4.1: the question is echoed as asked; answer names compressed onto it follow it).
 *
 * <p>Direct-mapped, like a CPU cache: a key's hash picks one slot and a new entry simply replaces the old one, so
 * memory is bounded by the slot count times {@link #MAX_REPLY} without any eviction bookkeeping, and lookups
 * take no lock. Each entry remembers the handler's answer generation it was made in and counts only while that
 * generation is current (a zone reload empties the cache in effect). Thread-safe.
 */
final class PacketCache {

    /** Replies larger than this are not kept: rare, and they would make the memory bound large. */
    static final int MAX_REPLY = Edns.OUR_UDP_PAYLOAD;
    static final int DEFAULT_SLOTS = 16_384;

    private record Entry(ReuseKey key, Object generation, byte[] reply) {}

    private final AtomicReferenceArray<Entry> slots;
    private final int mask;

    /** @param slots a power of two */
    PacketCache(int slots) {
        if (slots <= 0 || Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two, got " + slots);
        }
        this.slots = new AtomicReferenceArray<>(slots);
        this.mask = slots - 1;
    }

    /** A fresh copy of the reply kept for {@code key} in {@code generation}, patched for {@code request}, or null. */
    byte[] reply(ReuseKey key, Object generation, byte[] request) {
        Entry entry = slots.getPlain(slot(key));
        if (entry == null || entry.generation() != generation || !entry.key().sameAs(key)) {
            return null;
        }
        byte[] reply = entry.reply().clone();
        reply[0] = request[0];
        reply[1] = request[1];
        System.arraycopy(request, ReuseKey.QUESTION_OFFSET, reply, ReuseKey.QUESTION_OFFSET, key.nameLength());
        return reply;
    }

    /**
     * Keeps {@code reply} (which this call does not retain: it is copied) for requests with {@code key}, if it
     * echoes the question at offset 12 the way {@link #reply} patches it.
     */
    void store(ReuseKey key, Object generation, byte[] reply) {
        if (reply.length > MAX_REPLY || !echoesQuestion(key, reply)) {
            return;
        }
        slots.setRelease(slot(key), new Entry(key, generation, reply.clone()));
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

    private int slot(ReuseKey key) {
        int h = key.hash();
        return (h ^ (h >>> 16)) & mask;
    }
}
