package dev.jdns.transport.client;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * An exchange with one upstream server failed. The subclasses tell a resolver what to do next: a
 * {@link DnsTimeoutException} or {@link ServerUnreachableException} counts against the server's RTT statistics,
 * a {@link MalformedReplyException} marks the server as broken for this question, and a
 * {@link ClientBusyException} is this client's own limit, nothing about the server.
 */
public abstract sealed class DnsClientException extends IOException
        permits ClientBusyException, DnsTimeoutException, MalformedReplyException, ServerUnreachableException {

    private final InetSocketAddress server;

    DnsClientException(InetSocketAddress server, String message, Throwable cause) {
        super(message + " (server " + server + ")", cause);
        this.server = server;
    }

    /** The server the failed exchange was with. */
    public InetSocketAddress server() {
        return server;
    }
}
