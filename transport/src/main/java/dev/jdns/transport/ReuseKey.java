package dev.jdns.transport;

import static dev.jdns.transport.WireHeader.u16;

import java.util.Arrays;
import org.xbill.DNS.Header;
import org.xbill.DNS.Type;

/**
 * What makes two requests get the same reply bytes apart from the ID and the case of the question name: every
 * octet of the request except the ID, with the question name lowercased, plus the transport. Read straight from
 * the wire, without dnsjava, because it is computed for every query before anything else (the point of a
 * {@link PacketCache} is to skip parsing).
 *
 * <p>Only the plain shape of nearly every query has a key: opcode QUERY, one question, no other records but an
 * optional OPT (RFC 6891 §6.1.2) without options or with one COOKIE of a client cookie alone or with an RFC 9018
 * server cookie (RFC 7873 §4), nothing after it. The cookie's octets are not part of the key: the kept reply's cookie
 * is replaced by one made for each request ({@link CookieReplySink}). Anything else (other EDNS options, compression
 * in the question, trailing octets) has none and takes the full path, which judges it.
 *
 * @param octets       the key proper: transport, header flags, lowercased question, OPT fields, the cookie's length
 * @param nameLength   octets of the question name at offset 12 of the request, which the cached reply echoes
 * @param cookieLength octets of the request's cookie (8 or 24), at its end; 0 for none
 */
record ReuseKey(byte[] octets, int nameLength, int hash, int cookieLength) {

    static final int QUESTION_OFFSET = Header.LENGTH;
    private static final int MAX_NAME = 255;
    private static final int MAX_LABEL = 63;
    /** Type and class after the name; the OPT RR is name (1), type, class, TTL, RDLENGTH. */
    private static final int TYPE_AND_CLASS = 4;
    private static final int EMPTY_OPT = 11;
    /** An option's code and length; the COOKIE option's code (RFC 7873 §4). */
    private static final int OPTION_HEADER = 4;
    static final int COOKIE = 10;
    static final int CLIENT_COOKIE = 8;
    static final int FULL_COOKIE = 24;
    /** In the key: transport (1) and the two flag octets, before the question. */
    static final int PREFIX = 3;

    /** The key of {@code request}, or null when the request is not of the plain shape described above. */
    static ReuseKey of(byte[] request, Protocol protocol) {
        if (request.length < QUESTION_OFFSET || !plainHeader(request)) {
            return null;
        }
        int nameLength = nameLength(request);
        if (nameLength < 0) {
            return null;
        }
        int questionEnd = QUESTION_OFFSET + nameLength + TYPE_AND_CLASS;
        int additional = u16(request, 10);
        int optEnd = questionEnd + (additional == 1 ? EMPTY_OPT : 0);
        if (optEnd > request.length || (additional == 1 && !plainOpt(request, questionEnd))) {
            return null;
        }
        int cookieLength = optEnd == request.length ? 0 : additional == 1 ? cookieLength(request, optEnd) : -1;
        if (cookieLength < 0 || (additional == 1 && u16(request, optEnd - 2) != request.length - optEnd)) {
            return null;
        }
        int end = request.length - cookieLength;
        byte[] octets = new byte[PREFIX + end - QUESTION_OFFSET];
        octets[0] = (byte) protocol.ordinal();
        octets[1] = request[2];
        octets[2] = request[3];
        System.arraycopy(request, QUESTION_OFFSET, octets, PREFIX, end - QUESTION_OFFSET);
        lowercase(octets, PREFIX, PREFIX + nameLength);
        return new ReuseKey(octets, nameLength, Arrays.hashCode(octets), cookieLength);
    }

    /** The length of the one COOKIE option that fills the OPT's RDATA from {@code offset}, or -1. */
    private static int cookieLength(byte[] request, int offset) {
        if (offset + OPTION_HEADER > request.length || u16(request, offset) != COOKIE) {
            return -1;
        }
        int length = u16(request, offset + 2);
        boolean cacheable = length == CLIENT_COOKIE || length == FULL_COOKIE;
        return cacheable && offset + OPTION_HEADER + length == request.length ? length : -1;
    }

    /** Same transport, flags, question (but for case) and OPT fields: the same reply applies. */
    boolean sameAs(ReuseKey other) {
        return hash == other.hash && Arrays.equals(octets, other.octets);
    }

    /** QR clear (checked by the caller too), opcode QUERY, QDCOUNT 1, ANCOUNT and NSCOUNT 0, ARCOUNT 0 or 1. */
    private static boolean plainHeader(byte[] request) {
        boolean queryOpcode = (request[2] & 0xF8) == 0;
        return queryOpcode && u16(request, 4) == 1 && u16(request, 6) == 0 && u16(request, 8) == 0
                && u16(request, 10) <= 1;
    }

    /** Length of the uncompressed name at offset 12 including its root label, or -1 (RFC 1035 §3.1, §4.1.4). */
    private static int nameLength(byte[] request) {
        int position = QUESTION_OFFSET;
        while (position < request.length) {
            int label = request[position] & 0xFF;
            if (label > MAX_LABEL) {
                return -1; // a compression pointer or an extended label type: the full path decides
            }
            position += 1 + label;
            if (position - QUESTION_OFFSET > MAX_NAME) {
                return -1;
            }
            if (label == 0) {
                return position - QUESTION_OFFSET;
            }
        }
        return -1;
    }

    /** Root owner, type OPT, version 0; payload size, flags and RDLENGTH go into the key, options are read apart. */
    private static boolean plainOpt(byte[] request, int offset) {
        return request[offset] == 0 && u16(request, offset + 1) == Type.OPT && request[offset + 6] == 0;
    }

    /** ASCII lowercasing (RFC 4343 §3): length octets are below 64 and so never touched. */
    private static void lowercase(byte[] octets, int from, int to) {
        for (int i = from; i < to; i++) {
            octets[i] = lower(octets[i]);
        }
    }

    static byte lower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ReuseKey key && sameAs(key);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "ReuseKey" + Arrays.toString(octets);
    }
}
