package dev.jdns.transport.client;

import java.net.InetSocketAddress;

/** The network said no: ICMP port unreachable on UDP, connection refused or reset on TCP, no route, etc. */
public final class ServerUnreachableException extends DnsClientException {

    ServerUnreachableException(InetSocketAddress server, String message, Throwable cause) {
        super(server, message, cause);
    }
}
