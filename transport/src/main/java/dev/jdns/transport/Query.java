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
 */
public record Query(Message message, InetSocketAddress client, Protocol protocol) {

    public Query {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(protocol, "protocol");
    }

    /** The question as the client sent it, case included. */
    public Record question() {
        return message.getQuestion();
    }
}
