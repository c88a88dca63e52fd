package dev.jdns.transport;

import java.net.InetSocketAddress;
import java.util.Objects;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;

/**
 * One parsed query as the front end hands it to a {@link QueryHandler}.
 *
 * @param message the parsed query; exactly one question (the front end has checked that)
 * @param client  where it came from (for ACLs and logs)
 * @param protocol UDP or TCP
 * @param wire     the request's octets as received: a TSIG signature (RFC 8945 §4.3.3) covers them, and a message
 *                 rendered again may compress names differently
 */
public record Query(Message message, InetSocketAddress client, Protocol protocol, byte[] wire) {

    public Query {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(wire, "wire");
    }

    /** A query built in memory (tests, a handler calling another): its octets are its rendering. */
    public Query(Message message, InetSocketAddress client, Protocol protocol) {
        this(message, client, protocol, message.toWire());
    }

    /** The question as the client sent it, case included. */
    public Record question() {
        return message.getQuestion();
    }
}
