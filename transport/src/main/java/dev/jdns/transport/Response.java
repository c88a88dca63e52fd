package dev.jdns.transport;

import java.util.Iterator;
import java.util.Objects;
import org.xbill.DNS.Message;

/** What a {@link QueryHandler} wants sent back: one message, a stream of messages (zone transfer), or nothing. */
public sealed interface Response {

    /**
     * A single reply; the front end adds OPT, sizes it for the transport and sets TC when needed.
     *
     * @param reuse whether the front end may send the encoded reply again, without calling the handler, to any
     *              request that differs from this one only in ID and in the case of the question name (it patches
     *              both), for as long as the handler's {@link ReplyReuse#generation()} stays the same
     */
    record Single(Message message, Reuse reuse) implements Response {
        public Single {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(reuse, "reuse");
        }

        public Single(Message message) {
            this(message, Reuse.NEVER);
        }
    }

    /** How a {@link Single} reply may be reused. */
    enum Reuse {
        /** Build the reply every time (the default). */
        NEVER,
        /** Byte for byte (authoritative data: TTLs are the zone's). */
        AS_IS,
        /**
         * With every TTL counted down by the whole seconds since the reply was made, until the smallest would
         * reach zero (cached data, RFC 1035 §3.2.1, RFC 2181 §8).
         */
        COUNTING_DOWN
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

    /** A single reply that may be reused as {@code reuse} says. */
    static Response reusable(Message message, Reuse reuse) {
        return new Single(message, reuse);
    }

    static Response drop() {
        return new Drop();
    }
}
