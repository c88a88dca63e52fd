package dev.jdns.transport;

import java.io.IOException;

/** Where {@link QueryProcessor} puts each rendered reply: a UDP send, a TCP write, or a list in a test. */
@FunctionalInterface
public interface ReplySink {

    /** Sends one complete DNS message (no TCP length prefix). */
    void send(byte[] message) throws IOException;

    /**
     * Sends one reply that response rate limiting must count under {@code rateLimitName} (an uncompressed wire
     * name, lower case) instead of the name the reply shows, such as the wildcard an answer was synthesised from;
     * null: as the reply shows. Only UDP senders limit replies; the others just send it.
     */
    default void send(byte[] message, byte[] rateLimitName) throws IOException {
        send(message);
    }

    /**
     * Sends one reply to a client that proved its address with a valid server cookie (RFC 7873 §5.2.4): response
     * rate limiting, which exists against replies reflected at a spoofed address, does not apply to it.
     */
    default void sendToProvenClient(byte[] message) throws IOException {
        send(message);
    }
}
