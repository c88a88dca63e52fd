package dev.jdns.transport;

import java.util.Iterator;
import java.util.Objects;
import org.xbill.DNS.Message;

/** What a {@link QueryHandler} wants sent back: one message, a stream of messages (zone transfer), or nothing. */
public sealed interface Response {

    /** A single reply; the front end adds OPT, sizes it for the transport and sets TC when needed. */
    record Single(Message message) implements Response {
        public Single {
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * Several replies to one query, sent in order on the same TCP connection (AXFR, RFC 5936 §2.2).
     * Only valid for queries that arrived over TCP; each message must fit in 65535 octets.
     */
    record Stream(Iterator<Message> messages) implements Response {
        public Stream {
            Objects.requireNonNull(messages, "messages");
        }
    }

    /** Send nothing (e.g. a query that must be silently ignored). */
    record Drop() implements Response {}

    static Response of(Message message) {
        return new Single(message);
    }

    static Response drop() {
        return new Drop();
    }
}
