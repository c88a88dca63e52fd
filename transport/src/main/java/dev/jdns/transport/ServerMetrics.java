package dev.jdns.transport;

/**
 * What the front end counts, for whoever exports it ({@code --metrics}). Called on the hot path, once per reply
 * sent or request turned away: an implementation must not block or allocate (transport.metrics.QueryCounters).
 */
public interface ServerMetrics {

    /**
     * Why a request was turned away: it got no reply, or a reply that is not its answer (REFUSED, a truncated
     * stand-in, FORMERR). A reply that was sent is counted by {@link #replied} as well.
     */
    enum Drop {
        /** An access list refused the client (a REFUSED reply): the resolver's clients, transfers, NOTIFY, UPDATE. */
        ACL,
        /** UDP response rate limiting kept the reply back: nothing sent. */
        RATE_LIMIT,
        /** UDP response rate limiting sent a truncated stand-in instead of the reply (a slip, TC=1). */
        RATE_LIMIT_SLIP,
        /** The server's cap on queries being handled was reached (for a resolver: resolutions in flight). */
        IN_FLIGHT_CAP,
        /** A TCP connection was closed unread: the cap on connections (from its address, or in all) was reached. */
        CONNECTION_CAP,
        /** Not a query one can answer: no whole header or a response (dropped), or unparseable (FORMERR). */
        MALFORMED
    }

    ServerMetrics NONE = new ServerMetrics() {
        @Override
        public void replied(Protocol protocol, int qtype, int rcode) {}

        @Override
        public void dropped(Drop reason) {}
    };

    /** One reply sent: {@code qtype} of its question (-1 without one), {@code rcode} from its header (0-15). */
    void replied(Protocol protocol, int qtype, int rcode);

    void dropped(Drop reason);
}
