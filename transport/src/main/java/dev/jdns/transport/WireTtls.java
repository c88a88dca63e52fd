package dev.jdns.transport;

import static dev.jdns.transport.WireHeader.u16;

import java.util.Arrays;
import org.xbill.DNS.Header;
import org.xbill.DNS.Type;

/**
 * Where the TTLs of an encoded message are (RFC 1035 §4.1.3: name, type, class, TTL, RDLENGTH, RDATA), so a reused
 * reply can have them counted down in place. The OPT pseudo-record's TTL field holds flags, not a TTL
 * (RFC 6891 §6.1.3), and is left out.
 *
 * @param offsets offset of each TTL field
 * @param ttls    the TTL at each offset, in seconds
 * @param minimum the smallest of {@code ttls}, or {@code Long.MAX_VALUE} for a message without records; computed
 *                once, since every reuse of an aging reply compares against it
 */
record WireTtls(int[] offsets, long[] ttls, long minimum) {

    /** The TTLs of {@code message}, or null when it is not the well-formed message we expect to have encoded. */
    static WireTtls of(byte[] message) {
        int records = u16(message, 6) + u16(message, 8) + u16(message, 10);
        int[] offsets = new int[records];
        long[] ttls = new long[records];
        int found = 0;
        int position = Header.LENGTH;
        for (int q = u16(message, 4); q > 0; q--) {
            position = WireNames.skip(message, position);
            if (position < 0) {
                return null;
            }
            position += 4;
        }
        for (int r = 0; r < records; r++) {
            position = WireNames.skip(message, position);
            if (position < 0 || position + 10 > message.length) {
                return null;
            }
            if (u16(message, position) != Type.OPT) {
                offsets[found] = position + 4;
                ttls[found] = u32(message, position + 4);
                found++;
            }
            position += 10 + u16(message, position + 8);
        }
        if (position != message.length) {
            return null;
        }
        long minimum = Long.MAX_VALUE;
        for (int i = 0; i < found; i++) {
            minimum = Math.min(minimum, ttls[i]);
        }
        return new WireTtls(Arrays.copyOf(offsets, found), Arrays.copyOf(ttls, found), minimum);
    }

    /** Writes every TTL less {@code elapsedSeconds} (which must be below {@link #minimum()}) into {@code message}. */
    void countDown(byte[] message, long elapsedSeconds) {
        for (int i = 0; i < offsets.length; i++) {
            long ttl = ttls[i] - elapsedSeconds;
            int at = offsets[i];
            message[at] = (byte) (ttl >>> 24);
            message[at + 1] = (byte) (ttl >>> 16);
            message[at + 2] = (byte) (ttl >>> 8);
            message[at + 3] = (byte) ttl;
        }
    }

    private static long u32(byte[] wire, int offset) {
        return ((long) u16(wire, offset) << 16) | u16(wire, offset + 2);
    }
}
