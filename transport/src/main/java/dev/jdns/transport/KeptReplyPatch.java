package dev.jdns.transport;

/**
 * The per-query step of sending a kept reply again: a fresh copy of the encoded reply with what differs between
 * two requests that share a {@link ReuseKey} written in. Everything else (flags, the question's type and class,
 * the OPT record with its payload size and DO bit, TC) is the same for every request with that key, because the
 * key holds the request's flags and OPT fields. The one place that changes a kept reply: a step that adds to the
 * reply per request (an EDNS option answering the request's own) comes after this one, on its result.
 */
final class KeptReplyPatch {

    private KeptReplyPatch() {}

    /**
     * {@code kept} for {@code request}: its ID (RFC 1035 §4.1.1), the question name as asked, case included
     * (RFC 4343 §4.1; names compressed onto the question follow it, and the name has the same length in every
     * request of the key, so every compression pointer stays valid), and, for an aging reply, every TTL counted
     * down by {@code elapsedSeconds} (RFC 1035 §3.2.1).
     *
     * @param nameLength octets of the question name at offset 12, the same in {@code kept} and {@code request}
     * @param ttls       where the TTLs are, or null for a reply sent as it is
     */
    static byte[] apply(byte[] kept, byte[] request, int nameLength, WireTtls ttls, long elapsedSeconds) {
        byte[] reply = kept.clone();
        reply[0] = request[0];
        reply[1] = request[1];
        System.arraycopy(request, ReuseKey.QUESTION_OFFSET, reply, ReuseKey.QUESTION_OFFSET, nameLength);
        if (ttls != null && elapsedSeconds > 0) {
            ttls.countDown(reply, elapsedSeconds);
        }
        return reply;
    }
}
