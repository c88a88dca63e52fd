package dev.jdns.transport.client;

import java.net.InetSocketAddress;

/**
 * The exchange never started: this client had no capacity for it before the deadline (every upstream TCP slot was
 * taken). It says nothing about the server, so a resolver must not count it against the server's statistics or
 * remember the server as failing.
 */
public final class ClientBusyException extends DnsClientException {

    ClientBusyException(InetSocketAddress server, String message) {
        super(server, message, null);
    }
}
