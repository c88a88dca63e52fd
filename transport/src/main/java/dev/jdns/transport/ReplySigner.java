package dev.jdns.transport;

/**
 * Signs the rendered replies to one request, in the order they are sent (a zone transfer's messages chain their
 * signatures, RFC 8945 §5.3.1). The front end renders each reply with {@link #reserve()} octets less than the
 * transport allows, then hands the octets over; what comes back is sent as it is.
 */
public interface ReplySigner {

    /** Octets the signature can add to a message, kept free when the reply is sized. */
    int reserve();

    /** The signed octets of {@code rendered}, the next reply to the request. */
    byte[] sign(byte[] rendered);
}
