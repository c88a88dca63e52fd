package dev.jdns.transport.client;

import dev.jdns.transport.Protocol;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import org.xbill.DNS.Message;

/**
 * The accepted reply to one query.
 *
 * @param message   the reply; its ID, source and question matched the query
 * @param server    the server that sent it
 * @param rtt       time from sending the query to receiving this reply on {@code transport} (for a TC=1 retry,
 *                  the TCP exchange alone, connection set-up included)
 * @param transport UDP, or TCP when the query was sent over TCP or the UDP reply was truncated
 */
public record DnsReply(Message message, InetSocketAddress server, Duration rtt, Protocol transport) {

    public DnsReply {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(rtt, "rtt");
        Objects.requireNonNull(transport, "transport");
    }
}
