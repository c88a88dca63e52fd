package dev.jdns.transport;

/**
 * What the front end counts, for whoever exports it ({@code --metrics}). Called on the hot path, once per reply
 * sent or request turned away: an implementation must not block or allocate (transport.metrics.QueryCounters).
 */
public interface ServerMetrics {

    /** Why a request got no reply. */
    enum Drop {
        /** UDP response rate limiting kept the reply back (a slipped, truncated reply counts as a reply). */
        RATE_LIMIT,
        /** The server's cap on queries being handled was reached. */
        IN_FLIGHT_CAP
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
