package dev.jdns.transport;

import java.net.InetAddress;

/**
 * Decides what of each UDP reply actually leaves: the reply, a truncated stand-in, or nothing. The front end asks
 * it for every reply it sends over UDP, whether the handler built the reply or it came from the packet cache; TCP
 * replies never pass through it, because a TCP client has proved its address with the handshake and cannot be a
 * spoofed victim of reflection.
 *
 * <p>Called concurrently from every receiver thread; implementations must be thread-safe and must not block.
 */
@FunctionalInterface
public interface ResponseLimiter {

    /** Sends every reply as it is: no rate limiting (the resolver, the lab, tests). */
    ResponseLimiter NONE = (reply, client) -> reply;

    /**
     * @param reply  the complete encoded reply (not modified)
     * @param client who it is for
     * @return what to send instead: {@code reply} itself (the same array: anything else is counted as a slip), a
     *         truncated stand-in, or null to send nothing
     */
    byte[] admit(byte[] reply, InetAddress client);

    /**
     * As {@link #admit(byte[], InetAddress)}, for a reply the handler said to count under {@code rateLimitName}
     * (see {@link ReplySink#send(byte[], byte[])}; null: as the reply shows).
     */
    default byte[] admit(byte[] reply, byte[] rateLimitName, InetAddress client) {
        return admit(reply, client);
    }
}
