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
 * @param maxConnections     concurrent TCP connections per server; when all are taken, the connection idle the
 *                           longest is closed to make room (RFC 7766 §6.2.3), and only when none is idle is the
 *                           newcomer closed at once
 * @param maxConnectionsPerClient concurrent TCP connections from one client address; past it a new connection from
 *                           that address is closed at once (RFC 7766 §6.2.2 lets servers limit per address; NSD's
 *                           {@code tcp-count} and Unbound's {@code tcp-connection-limit} are the peers' knobs)
 * @param handlerMayBlock    true when the handler waits on I/O (a resolver): each UDP datagram and each TCP
 *                           query then runs on its own virtual thread and TCP replies may go out of order
 *                           (RFC 7766 §6.2.1.1); false runs the handler inline on the receiving thread
 * @param maxInFlightQueries with {@code handlerMayBlock}, queries being handled at once per server, UDP and TCP
 *                           together: past it a UDP query is dropped (the client retries), and a TCP connection is
 *                           not read until a query ends (the client's writes back up; it is closed after the idle
 *                           timeout), so a flood cannot create unbounded threads and buffers
 * @param replyCacheBytes    bytes of encoded replies kept for reuse (see {@code PacketCache}); past it no more are
 *                           kept until older ones are replaced
 * @param batchUdpFromStart  true: UDP sockets from the first usable provider on the class path from the start (on
 *                           Linux, the transport-linux module's, which batch datagrams); false: the JDK's at first,
 *                           joined by batching ones once the listener is busy ({@link UdpListener}). The system
 *                           property {@code jdns.listen.sockets} overrides it ({@link UdpServerSocketProviders}).
 */
public record ServerOptions(int receiverThreads, Duration idleTimeout, Duration messageTimeout,
                            int maxConnections, int maxConnectionsPerClient, boolean handlerMayBlock,
                            int maxInFlightQueries, long replyCacheBytes, boolean batchUdpFromStart) {

    private static final int MAX_DEFAULT_RECEIVERS = 4;

    public ServerOptions {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(messageTimeout, "messageTimeout");
        requirePositive(receiverThreads, "receiverThreads");
        requirePositive(maxConnections, "maxConnections");
        requirePositive(maxConnectionsPerClient, "maxConnectionsPerClient");
        requirePositive(replyCacheBytes, "replyCacheBytes");
        requirePositive(maxInFlightQueries, "maxInFlightQueries");
        requirePositive(idleTimeout.toMillis(), "idleTimeout");
        requirePositive(messageTimeout.toMillis(), "messageTimeout");
    }

    /**
     * A client address may hold this many TCP connections: a resolver or a NAT gateway needs a few at once (RFC 7766
     * §6.2.2 asks servers to be much looser than the one or two a client should open), a hundredth of the table
     * cannot lock others out.
     */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_CLIENT = 10;
    /**
     * Queries handled at once. Each one being resolved holds a virtual thread, its stack and its upstream buffers
     * (some kilobytes to tens of kilobytes), so this bounds that memory; a few hundred at once are what a busy resolver
     * needs to keep its upstream servers busy, and clients retry what is dropped past it.
     */
    public static final int DEFAULT_MAX_IN_FLIGHT = 1000;
    /** Replies kept for reuse by default: a zone's few thousand common answers fit many times over. */
    public static final long DEFAULT_REPLY_CACHE_BYTES = 16L << 20;

    /**
     * One receiver per core (at most 4), 10 s idle timeout, 5 s per message, 1000 connections (10 per client), inline
     * handler.
     */
    public static ServerOptions defaults() {
        return new ServerOptions(receiversFor(cores()), Duration.ofSeconds(10), Duration.ofSeconds(5), 1000,
                DEFAULT_MAX_CONNECTIONS_PER_CLIENT, false, DEFAULT_MAX_IN_FLIGHT, DEFAULT_REPLY_CACHE_BYTES,
                true);
    }

    /**
     * {@link #defaults()} for a handler that may block (a resolver), with one UDP receiver per two cores. Such
     * receivers are virtual threads that answer cache hits themselves; the queries they start run on every core
     * anyway. Fewer receivers each find work waiting more often, and every idle spell costs a park, a poller
     * re-arm and a carrier wake-up, so one receiver on 2 cores spent no more CPU per cache hit than two, and it
     * answers more cache hits a second than the load generator sends (docs/performance.md); beyond that more cores
     * bring more receivers. Batching UDP sockets only once busy: they run on the foreign function API, whose
     * runtime keeps about 4 MiB more resident from the first datagram (measured at rest: 64 against 60 MiB), and a
     * resolver is most often the small daemon that sits idle (its upstream sockets move to that API once busy too).
     */
    public static ServerOptions defaultsForBlockingHandler() {
        return defaults().withHandlerMayBlock(true).withReceiverThreads(receiversFor(cores() / 2))
                .withBatchUdpFromStart(false);
    }

    private static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    private static int receiversFor(int wanted) {
        return Math.clamp(wanted, 1, MAX_DEFAULT_RECEIVERS);
    }

    public ServerOptions withReceiverThreads(int value) {
        return new ServerOptions(value, idleTimeout, messageTimeout, maxConnections,
                maxConnectionsPerClient, handlerMayBlock, maxInFlightQueries, replyCacheBytes, batchUdpFromStart);
    }

    public ServerOptions withIdleTimeout(Duration value) {
        return new ServerOptions(receiverThreads, value, messageTimeout, maxConnections,
                maxConnectionsPerClient, handlerMayBlock, maxInFlightQueries, replyCacheBytes, batchUdpFromStart);
    }

    public ServerOptions withMessageTimeout(Duration value) {
        return new ServerOptions(receiverThreads, idleTimeout, value, maxConnections,
                maxConnectionsPerClient, handlerMayBlock, maxInFlightQueries, replyCacheBytes, batchUdpFromStart);
    }

    public ServerOptions withMaxConnections(int value) {
        return new ServerOptions(receiverThreads, idleTimeout, messageTimeout, value,
                maxConnectionsPerClient, handlerMayBlock, maxInFlightQueries, replyCacheBytes, batchUdpFromStart);
    }

    public ServerOptions withMaxConnectionsPerClient(int value) {
        return new ServerOptions(receiverThreads, idleTimeout, messageTimeout, maxConnections,
                value, handlerMayBlock, maxInFlightQueries, replyCacheBytes, batchUdpFromStart);
    }

    public ServerOptions withHandlerMayBlock(boolean value) {
        return new ServerOptions(receiverThreads, idleTimeout, messageTimeout, maxConnections,
                maxConnectionsPerClient, value, maxInFlightQueries, replyCacheBytes, batchUdpFromStart);
    }

    public ServerOptions withMaxInFlightQueries(int value) {
        return new ServerOptions(receiverThreads, idleTimeout, messageTimeout, maxConnections,
                maxConnectionsPerClient, handlerMayBlock, value, replyCacheBytes, batchUdpFromStart);
    }

    public ServerOptions withReplyCacheBytes(long value) {
        return new ServerOptions(receiverThreads, idleTimeout, messageTimeout, maxConnections,
                maxConnectionsPerClient, handlerMayBlock, maxInFlightQueries, value, batchUdpFromStart);
    }

    public ServerOptions withBatchUdpFromStart(boolean value) {
        return new ServerOptions(receiverThreads, idleTimeout, messageTimeout, maxConnections,
                maxConnectionsPerClient, handlerMayBlock, maxInFlightQueries, replyCacheBytes, value);
    }

    private static void requirePositive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
