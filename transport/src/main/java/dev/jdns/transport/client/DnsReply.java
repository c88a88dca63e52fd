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
 * @param signedWire the reply's octets as received when the query was TSIG-signed, else null: verifying the
 *                  reply's signature (RFC 8945 §5.3) needs them, since a message rendered again may compress names
 *                  differently
 */
public record DnsReply(Message message, InetSocketAddress server, Duration rtt, Protocol transport,
        byte[] signedWire) {

    public DnsReply {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(rtt, "rtt");
        Objects.requireNonNull(transport, "transport");
    }

    /** A reply to an unsigned query. */
    public DnsReply(Message message, InetSocketAddress server, Duration rtt, Protocol transport) {
        this(message, server, rtt, transport, null);
    }
}
