package dev.jdns.transport.cookie;

import java.util.HexFormat;

/**
 * SipHash-2-4 (Aumasson and Bernstein, "SipHash: a fast short-input PRF", 2012) with one 128-bit key, the PRF that
 * RFC 9018 §4.4 names for server cookies and that we use for client cookies too. The key is read into its two
 * 64-bit halves once, when the hasher is made, so each hash costs only the rounds. Immutable and thread-safe.
 * (dnsjava and the JDK offer no SipHash; it is some forty lines.)
 */
public final class SipHash {

    public static final int KEY_LENGTH = 16;

    private final long k0;
    private final long k1;

    public SipHash(byte[] key) {
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("a SipHash key is 16 octets, got " + key.length);
        }
        this.k0 = littleEndian(key, 0, 8);
        this.k1 = littleEndian(key, 8, 8);
    }

    /** A hasher keyed with 32 hex digits, for a secret given on the command line. */
    public static SipHash ofHex(String hex) {
        byte[] key;
        try {
            key = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException notHex) {
            throw new IllegalArgumentException("a cookie secret is 32 hex digits: " + notHex.getMessage());
        }
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("a cookie secret is 32 hex digits (16 octets), got " + key.length
                    + " octets");
        }
        return new SipHash(key);
    }

    /** The 64-bit hash of {@code length} octets of {@code data} from {@code offset}. */
    public long hash(byte[] data, int offset, int length) {
        long v0 = k0 ^ 0x736f6d6570736575L;
        long v1 = k1 ^ 0x646f72616e646f6dL;
        long v2 = k0 ^ 0x6c7967656e657261L;
        long v3 = k1 ^ 0x7465646279746573L;
        int whole = length & ~7;
        long[] v = {v0, v1, v2, v3};
        for (int i = 0; i < whole; i += 8) {
            compress(v, littleEndian(data, offset + i, 8), 2);
        }
        // The last block: the remaining octets, and the length's low octet in the top octet.
        long last = littleEndian(data, offset + whole, length - whole) | (long) length << 56;
        compress(v, last, 2);
        v[2] ^= 0xff;
        sipRounds(v, 4);
        return v[0] ^ v[1] ^ v[2] ^ v[3];
    }

    public long hash(byte[] data) {
        return hash(data, 0, data.length);
    }

    /** The hash as SipHash's reference code writes it out: eight octets, least significant first. */
    public static void writeLittleEndian(long hash, byte[] out, int offset) {
        for (int i = 0; i < 8; i++) {
            out[offset + i] = (byte) (hash >>> (8 * i));
        }
    }

    private static void compress(long[] v, long message, int rounds) {
        v[3] ^= message;
        sipRounds(v, rounds);
        v[0] ^= message;
    }

    private static void sipRounds(long[] v, int rounds) {
        long v0 = v[0];
        long v1 = v[1];
        long v2 = v[2];
        long v3 = v[3];
        for (int r = 0; r < rounds; r++) {
            v0 += v1;
            v1 = Long.rotateLeft(v1, 13) ^ v0;
            v0 = Long.rotateLeft(v0, 32);
            v2 += v3;
            v3 = Long.rotateLeft(v3, 16) ^ v2;
            v0 += v3;
            v3 = Long.rotateLeft(v3, 21) ^ v0;
            v2 += v1;
            v1 = Long.rotateLeft(v1, 17) ^ v2;
            v2 = Long.rotateLeft(v2, 32);
        }
        v[0] = v0;
        v[1] = v1;
        v[2] = v2;
        v[3] = v3;
    }

    private static long littleEndian(byte[] data, int offset, int count) {
        long value = 0;
        for (int i = 0; i < count; i++) {
            value |= (data[offset + i] & 0xFFL) << (8 * i);
        }
        return value;
    }
}
