package dev.jdns.transport.client;

import java.net.InetSocketAddress;

/** No acceptable reply arrived before the exchange's deadline (forged or unparseable datagrams do not count). */
public final class DnsTimeoutException extends DnsClientException {

    DnsTimeoutException(InetSocketAddress server, String message) {
        super(server, message, null);
    }
}
