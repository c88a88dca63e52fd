package dev.jdns.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link DnsServer} runs. Immutable; start from {@link #defaults()} and change what you need.
 *
 * @param receiverThreads    UDP receiver threads per listen address (one socket each with SO_REUSEPORT)
 * @param idleTimeout        a TCP connection with no query in flight and no traffic for this long is closed
 *                           (RFC 7766 §6.2.3); also the longest a reply write may stall
 * @param messageTimeout     once the first octet of a TCP message has arrived, the whole message must arrive
 *                           within this time, so a client trickling octets (slowloris) cannot hold a slot
 * @param maxConnections     concurrent TCP connections per server; past it new connections are closed at once
 * @param handlerMayBlock    true when the handler waits on I/O (a resolver): each UDP datagram and each TCP
 *                           query then runs on its own virtual thread and TCP replies may go out of order
 *                           (RFC 7766 §6.2.1.1); false runs the handler inline on the receiving thread
 * @param maxInFlightQueries with {@code handlerMayBlock}, UDP queries being handled at once per server; more
 *                           are dropped, so a flood cannot create unbounded threads
 */
public record ServerOptions(int receiverThreads, Duration idleTimeout, Duration messageTimeout,
                            int maxConnections, boolean handlerMayBlock, int maxInFlightQueries) {

    private static final int MAX_DEFAULT_RECEIVERS = 4;

    public ServerOptions {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(messageTimeout, "messageTimeout");
        requirePositive(receiverThreads, "receiverThreads");
        requirePositive(maxConnections, "maxConnections");
        requirePositive(maxInFlightQueries, "maxInFlightQueries");
        requirePositive(idleTimeout.toMillis(), "idleTimeout");
        requirePositive(messageTimeout.toMillis(), "messageTimeout");
    }

    /** One receiver per core (at most 4), 10 s idle timeout, 5 s per message, 1000 connections, inline handler. */
    public static ServerOptions defaults() {
        return new ServerOptions(receiversFor(cores()), Duration.ofSeconds(10),
                Duration.ofSeconds(5), 1000, false, 10_000);
    }

    /**
     * {@link #defaults()} for a handler that may block (a resolver), with one UDP receiver per two cores. Such
     * receivers are virtual threads that answer cache hits themselves; the queries they start run on every core
     * anyway. Fewer receivers each find work waiting more often, and every idle spell costs a park, a poller
     * re-arm and a carrier wake-up: on 2 cores one receiver took 7.2-8.6 us of CPU per cache hit where two took
     * 7.6-9.3 (dnsperf, 3 x 2 runs alternating), with new names unchanged. One receiver answers well over 100k
     * cache hits a second; beyond that more cores bring more receivers.
     */
    public static ServerOptions defaultsForBlockingHandler() {
        return defaults().withHandlerMayBlock(true).withReceiverThreads(receiversFor(cores() / 2));
    }

    private static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    private static int receiversFor(int wanted) {
        return Math.clamp(wanted, 1, MAX_DEFAULT_RECEIVERS);
    }

    public ServerOptions withReceiverThreads(int threads) {
        return new ServerOptions(threads, idleTimeout, messageTimeout, maxConnections, handlerMayBlock,
                maxInFlightQueries);
    }

    public ServerOptions withIdleTimeout(Duration timeout) {
        return new ServerOptions(receiverThreads, timeout, messageTimeout, maxConnections, handlerMayBlock,
                maxInFlightQueries);
    }

    public ServerOptions withMessageTimeout(Duration timeout) {
        return new ServerOptions(receiverThreads, idleTimeout, timeout, maxConnections, handlerMayBlock,
                maxInFlightQueries);
    }

    public ServerOptions withMaxConnections(int connections) {
        return new ServerOptions(receiverThreads, idleTimeout, messageTimeout, connections, handlerMayBlock,
                maxInFlightQueries);
    }

    public ServerOptions withHandlerMayBlock(boolean mayBlock) {
        return new ServerOptions(receiverThreads, idleTimeout, messageTimeout, maxConnections, mayBlock,
                maxInFlightQueries);
    }

    public ServerOptions withMaxInFlightQueries(int queries) {
        return new ServerOptions(receiverThreads, idleTimeout, messageTimeout, maxConnections, handlerMayBlock,
                queries);
    }

    private static void requirePositive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
