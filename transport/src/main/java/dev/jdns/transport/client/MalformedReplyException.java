package dev.jdns.transport.client;

import java.net.InetSocketAddress;

/**
 * The server did answer, but not with a usable reply: over TCP a reply that does not parse or does not match the
 * query; over UDP, only datagrams with our ID that did not parse or did not match arrived before the deadline.
 */
public final class MalformedReplyException extends DnsClientException {

    MalformedReplyException(InetSocketAddress server, String message, Throwable cause) {
        super(server, message, cause);
    }
}
