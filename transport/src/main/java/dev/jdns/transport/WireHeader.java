package dev.jdns.transport;

import java.util.Arrays;
import org.xbill.DNS.Header;
import org.xbill.DNS.Rcode;

/**
 * Reads and patches the fixed 12-octet header (RFC 1035 §4.1.1) directly in wire bytes, for the cases where
 * there is no parsed message: packets too broken to parse, and flags dnsjava does not set for us.
 */
final class WireHeader {

    private static final int FLAGS_HIGH = 2;
    private static final int FLAGS_LOW = 3;
    private static final int ARCOUNT = 10;
    private static final int QR_BIT = 0x80;
    private static final int OPCODE_BITS = 0x78;
    private static final int TC_BIT = 0x02;
    private static final int RD_BIT = 0x01;

    private WireHeader() {}

    /** At least a whole header; anything shorter cannot even be answered (no ID to echo). */
    static boolean isComplete(byte[] wire) {
        return wire.length >= Header.LENGTH;
    }

    /** QR=1: the packet is a response, never to be answered (avoids reply loops between servers). */
    static boolean isResponse(byte[] wire) {
        return (wire[FLAGS_HIGH] & QR_BIT) != 0;
    }

    static boolean isTruncated(byte[] wire) {
        return (wire[FLAGS_HIGH] & TC_BIT) != 0;
    }

    static void setTruncated(byte[] wire) {
        wire[FLAGS_HIGH] |= TC_BIT;
    }

    /**
     * A stand-in for a reply that rate limiting holds back (a "slip"): the reply's header and question with TC
     * set and the answer, authority and additional sections empty, so a real client asks again over TCP
     * (RFC 7766 §5) while a reflection victim receives nothing larger than the query.
     *
     * @param questionEnd the offset just past the question, or the header's length when there is none
     */
    static byte[] truncatedCopy(byte[] reply, int questionEnd) {
        byte[] slip = Arrays.copyOf(reply, questionEnd);
        setTruncated(slip);
        if (questionEnd == Header.LENGTH) {
            slip[5] = slip[4] = 0;
        }
        for (int i = 6; i < Header.LENGTH; i++) {
            slip[i] = 0; // ANCOUNT, NSCOUNT, ARCOUNT
        }
        return slip;
    }

    static int additionalCount(byte[] wire) {
        return u16(wire, ARCOUNT);
    }

    /** The unsigned 16-bit big-endian field at {@code offset} (counts, types, classes, lengths: RFC 1035 §4.1). */
    static int u16(byte[] wire, int offset) {
        return ((wire[offset] & 0xFF) << 8) | (wire[offset + 1] & 0xFF);
    }

    /**
     * A header-only FORMERR for {@code request} (which must be {@link #isComplete complete}): same ID,
     * opcode and RD, QR set, every count zero, so nothing of the broken packet is echoed back.
     */
    static byte[] formErr(byte[] request) {
        byte[] reply = new byte[Header.LENGTH];
        reply[0] = request[0];
        reply[1] = request[1];
        reply[FLAGS_HIGH] = (byte) (QR_BIT | (request[FLAGS_HIGH] & (OPCODE_BITS | RD_BIT)));
        reply[FLAGS_LOW] = (byte) Rcode.FORMERR;
        return reply;
    }
}
