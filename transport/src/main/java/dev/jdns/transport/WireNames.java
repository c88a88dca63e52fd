package dev.jdns.transport;

/**
 * Walks domain names in wire bytes (RFC 1035 §3.1, §4.1.4) without building objects, for readers of the front
 * end's own encoded replies. Every read is bounds-checked; a name that runs off the end, loops or uses a label
 * type other than a plain label or a pointer gives -1 (or an unchanged hash), never an exception.
 */
final class WireNames {

    private static final int POINTER = 0xC0;
    private static final int MAX_LABEL = 63;
    private static final int MAX_NAME = 255;
    /** A pointer chain longer than this is a loop: a 255-octet name has at most 127 labels. */
    private static final int MAX_HOPS = 128;

    private WireNames() {}

    /** The offset just past the name at {@code offset} (past its pointer when compressed), or -1 when malformed. */
    static int skip(byte[] wire, int offset) {
        int position = offset;
        while (position < wire.length) {
            int label = wire[position] & 0xFF;
            if ((label & POINTER) == POINTER) {
                return position + 2 <= wire.length ? position + 2 : -1;
            }
            if (label > MAX_LABEL) {
                return -1;
            }
            position += 1 + label;
            if (label == 0) {
                return position <= wire.length ? position : -1;
            }
        }
        return -1;
    }

    /** The offset just past the resource record at {@code offset} (owner, fixed fields, RDATA), or -1. */
    static int skipRecord(byte[] wire, int offset) {
        int fixed = skip(wire, offset);
        if (fixed < 0 || fixed + 10 > wire.length) {
            return -1;
        }
        int end = fixed + 10 + WireHeader.u16(wire, fixed + 8);
        return end <= wire.length ? end : -1;
    }

    /**
     * Feeds the name at {@code offset} into {@code hash}, lowercased (RFC 4343 §3: names compare without case)
     * and with compression pointers followed, so equal names hash equally however they were written.
     */
    static long hash(byte[] wire, int offset, long hash) {
        int position = offset;
        int octets = 0;
        for (int hops = 0; hops < MAX_HOPS && position >= 0 && position < wire.length; ) {
            int label = wire[position] & 0xFF;
            if ((label & POINTER) == POINTER) {
                if (position + 1 >= wire.length) {
                    return hash;
                }
                position = ((label & ~POINTER) << 8) | (wire[position + 1] & 0xFF);
                hops++;
                continue;
            }
            if (label > MAX_LABEL || position + 1 + label > wire.length || (octets += 1 + label) > MAX_NAME) {
                return hash;
            }
            for (int i = position; i <= position + label; i++) {
                hash = KeyHash.mix(hash, ReuseKey.lower(wire[i]));
            }
            if (label == 0) {
                return hash;
            }
            position += 1 + label;
        }
        return hash;
    }
}
