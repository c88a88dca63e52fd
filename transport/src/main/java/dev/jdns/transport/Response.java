package dev.jdns.transport;

import java.util.Iterator;
import java.util.Objects;
import org.xbill.DNS.Message;

/** What a {@link QueryHandler} wants sent back: one message, a stream of messages (zone transfer), or nothing. */
public sealed interface Response {

    /**
     * A single reply; the front end adds OPT, sizes it for the transport and sets TC when needed.
     *
     * @param reusable the handler promises that any request differing from this one only in ID and in the case
     *                 of the question name gets the same reply, case aside, until its
     *                 {@link QueryHandler#answerGeneration()} changes; the front end may then send a copy of the
     *                 encoded reply without calling the handler
     */
    record Single(Message message, boolean reusable) implements Response {
        public Single {
            Objects.requireNonNull(message, "message");
        }

        public Single(Message message) {
            this(message, false);
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

    /** A single reply that may be reused as {@link Single#reusable()} says. */
    static Response reusable(Message message) {
        return new Single(message, true);
    }

    static Response drop() {
        return new Drop();
    }
}
