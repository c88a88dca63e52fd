package dev.jdns.transport;

import java.net.InetSocketAddress;

/**
 * What the front end needs to know to send a handler's encoded replies again without calling it (its packet
 * cache, see {@link Response.Single#reuse()}). A handler offers one through {@link QueryHandler#replyReuse()}.
 */
public interface ReplyReuse {

    /**
     * An object whose identity changes whenever reusable replies may change other than by aging (for example the
     * data behind them, replaced as a whole on reload). Read once per query; null allows no reuse now.
     */
    Object generation();

    /** Whether a reused reply may go to {@code client}: access control the handler would apply comes first. */
    default boolean mayServe(InetSocketAddress client) {
        return true;
    }

    /** The clock that {@link Response.Reuse.Aging} replies age by, in nanoseconds. */
    default long nanoTime() {
        return System.nanoTime();
    }
}
