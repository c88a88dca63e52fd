package dev.jdns.cli.lab;

import dev.jdns.transport.Query;
import dev.jdns.transport.QueryHandler;
import dev.jdns.transport.Response;
import java.time.Duration;
import java.util.Objects;

/**
 * What the lab's control channel does to one simulated server, in front of its real handler: stopped, it drops
 * every packet, as a host that went down (no ICMP, no reply: the resolver sees timeouts, the case RFC 8767
 * serve-stale is for); slowed, it answers every query after a delay. Its socket stays bound, so the resolver's
 * address map never changes. The packet cache is off ({@link #replyReuse()} null): a kept reply would be sent by
 * the front end without asking this switch.
 */
final class ServerSwitch implements QueryHandler {

    /** The state that control commands change, read on every query. */
    private record State(boolean running, Duration delay) {}

    private volatile QueryHandler delegate;
    private volatile State state = new State(true, Duration.ZERO);

    /** Until {@link #connect} the server drops what it receives: it is not ready to answer. */
    void connect(QueryHandler handler) {
        delegate = Objects.requireNonNull(handler, "handler");
    }

    void stop() {
        state = new State(false, state.delay());
    }

    void start() {
        state = new State(true, state.delay());
    }

    /** Delays every answer by {@code delay} from now on (zero: answers at once again). */
    void slow(Duration delay) {
        state = new State(state.running(), delay);
    }

    boolean running() {
        return state.running();
    }

    Duration delay() {
        return state.delay();
    }

    @Override
    public Response handle(Query query) {
        State now = state;
        QueryHandler handler = delegate;
        if (!now.running() || handler == null) {
            return Response.drop();
        }
        if (now.delay().isPositive()) {
            try {
                Thread.sleep(now.delay());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Response.drop(); // the server is closing
            }
            if (!state.running()) {
                return Response.drop(); // stopped while this answer waited
            }
        }
        return handler.handle(query);
    }

    /** Sleeps when slowed: the server must run it on its own (virtual) threads, not on the receivers. */
    @Override
    public boolean mayBlock() {
        return true;
    }
}
