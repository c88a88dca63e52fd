package dev.jdns.transport;

import java.util.Iterator;
import java.util.Objects;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;

/** What a {@link QueryHandler} wants sent back: one message, a stream of messages (zone transfer), or nothing. */
public sealed interface Response {

    /**
     * A single reply; the front end adds OPT, sizes it for the transport and sets TC when needed.
     *
     * @param reuse                whether and how the front end may send the encoded reply again, without calling
     *                             the handler, to any request that differs from this one only in ID and in the case
     *                             of the question name (it patches both), for as long as the handler's
     *                             {@link ReplyReuse#generation()} stays the same
     * @param inDomainGlueRequired the reply is a referral whose glue for name servers at or below the delegation
     *                             point must all fit, else TC is set (RFC 9471 §3); the handler knows, the front end
     *                             does not guess from the message
     * @param rateLimitName        the name response rate limiting counts an answer under instead of the question
     *                             name, or null: the wildcard it was synthesised from, so names a wildcard covers
     *                             share one limit
     */
    record Single(Message message, Reuse reuse, boolean inDomainGlueRequired, Name rateLimitName)
            implements Response {
        public Single {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(reuse, "reuse");
        }

        public Single(Message message, Reuse reuse, boolean inDomainGlueRequired) {
            this(message, reuse, inDomainGlueRequired, null);
        }

        public Single(Message message, Reuse reuse) {
            this(message, reuse, false);
        }

        public Single(Message message) {
            this(message, Reuse.NEVER);
        }
    }

    /**
     * How a {@link Single} reply may be reused, in the front end's terms: bytes and time, nothing about where the
     * handler found the data.
     */
    sealed interface Reuse {
        /** Build the reply every time (the default). */
        Reuse NEVER = new Never();
        /** Byte for byte until the generation changes (data whose TTLs do not run down, such as a zone's). */
        Reuse AS_IS = new AsIs();

        record Never() implements Reuse {}

        record AsIs() implements Reuse {}

        /**
         * With every TTL aged by the whole seconds since the reply was made, for at most {@code maxSeconds} and
         * never once the smallest TTL in the reply would reach zero (data held in a cache counts down, RFC 1035
         * §3.2.1, RFC 2181 §8).
         */
        record Aging(long maxSeconds) implements Reuse {}

        static Reuse agingFor(long maxSeconds) {
            return maxSeconds > 0 ? new Aging(maxSeconds) : NEVER;
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

    /**
     * {@code reply} (a {@link Single} or a {@link Stream}) with every message signed by {@code signer} once rendered
     * (TSIG, RFC 8945). A signed reply is never kept for reuse: its signature covers a time and the request's MAC.
     */
    record Signed(Response reply, ReplySigner signer) implements Response {
        public Signed {
            Objects.requireNonNull(reply, "reply");
            Objects.requireNonNull(signer, "signer");
            if (!(reply instanceof Single || reply instanceof Stream)) {
                throw new IllegalArgumentException("only a reply that is sent can be signed: " + reply);
            }
        }
    }

    /** Send nothing (e.g. a query that must be silently ignored). */
    record Drop() implements Response {}

    /**
     * {@code reply} (usually REFUSED) to a request the handler turned away for {@code reason}: sent as it is, and
     * counted among the front end's drops by reason ({@link ServerMetrics#dropped}) as well as among its replies.
     */
    record TurnedAway(Response reply, ServerMetrics.Drop reason) implements Response {
        public TurnedAway {
            Objects.requireNonNull(reply, "reply");
            Objects.requireNonNull(reason, "reason");
        }
    }

    static Response of(Message message) {
        return new Single(message);
    }

    /** A single reply that may be reused as {@code reuse} says. */
    static Response reusable(Message message, Reuse reuse) {
        return new Single(message, reuse);
    }

    /** A referral that needs all its in-domain glue (see {@link Single#inDomainGlueRequired()}). */
    static Response referral(Message message, Reuse reuse) {
        return new Single(message, reuse, true);
    }

    static Response drop() {
        return new Drop();
    }

    /** {@code refusal}, counted as turned away by an access list ({@link ServerMetrics.Drop#ACL}). */
    static Response refusedByAcl(Message refusal) {
        return new TurnedAway(new Single(refusal), ServerMetrics.Drop.ACL);
    }
}
