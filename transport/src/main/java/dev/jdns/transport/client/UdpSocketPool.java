package dev.jdns.transport.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Connected UDP sockets kept between exchanges with the same server. Opening, binding, connecting and closing a
 * socket costs 16-20 us of system calls from Java, measured on this project's 2-core machine: a third of what
 * Unbound spends on a whole cold-name resolution, and the largest single cost of one in jdns. A socket that ended
 * an exchange cleanly is therefore lent again, to the same server only, a bounded number of times.
 *
 * <p>Why this keeps RFC 5452's protection. Each socket is bound to a random source port (§9.2) and connected to
 * one server, so the kernel delivers it only that server's datagrams; it is lent to one exchange at a time; and it
 * is never used for another server. An off-path forger must still guess port and ID together. The ports a
 * resolver uses towards a server can only be seen on the path to that server, by someone who could forge replies
 * anyway; in particular an attacker who makes the resolver query its own name server learns the ports of sockets
 * connected to that server, which are never used for anyone else. Defence in depth on top: a socket is retired
 * after {@link #MAX_USES} exchanges, after {@link #MAX_IDLE} unused, and at once when an exchange on it saw any
 * datagram that was not its reply or ended without one (a forger who found the port loses it). BIND 9's old
 * query-port pool and Windows DNS's socket pool reused ports too, across servers; this pool is stricter.
 *
 * <p>Thread-safe. Bounded: at most {@link #MAX_IDLE_PER_SERVER} idle sockets for each of at most
 * {@link #MAX_SERVERS} servers; beyond that a socket is closed instead of kept.
 */
final class UdpSocketPool implements AutoCloseable {

    private static final Logger LOG = System.getLogger(UdpSocketPool.class.getName());

    static final int MAX_USES = 32;
    static final Duration MAX_IDLE = Duration.ofSeconds(5);
    static final int MAX_IDLE_PER_SERVER = 64;
    static final int MAX_SERVERS = 1024;

    /** Source ports are drawn from 1024-65535 like Unbound's default outgoing-port-permit. */
    private static final int FIRST_SOURCE_PORT = 1024;
    private static final int SOURCE_PORT_COUNT = 65_536 - FIRST_SOURCE_PORT;
    private static final int BIND_ATTEMPTS = 16;

    private final SecureRandom random;
    /** Idle sockets by server; a server not queried for {@link #MAX_IDLE} has its sockets closed. */
    private final Cache<InetSocketAddress, IdleSockets> idle = Caffeine.newBuilder()
            .maximumSize(MAX_SERVERS)
            .expireAfterAccess(MAX_IDLE)
            .scheduler(Scheduler.systemScheduler())
            .removalListener((InetSocketAddress server, IdleSockets sockets, RemovalCause cause) -> {
                if (sockets != null) {
                    sockets.close();
                }
            })
            .build();

    UdpSocketPool(SecureRandom random) {
        this.random = random;
    }

    /** A socket connected to {@code server}, idle until now or newly opened on a random port. Give it back. */
    PooledSocket lease(InetSocketAddress server) throws IOException {
        IdleSockets sockets = idle.getIfPresent(server);
        if (sockets != null) {
            PooledSocket socket = sockets.poll(System.nanoTime());
            if (socket != null) {
                socket.uses++;
                return socket;
            }
        }
        return open(server);
    }

    /**
     * Ends a lease. {@code clean} says the exchange got its reply and nothing else arrived; only then, and while
     * the socket has uses left, is it kept for the next exchange with the same server.
     */
    void giveBack(PooledSocket socket, boolean clean) {
        if (clean && socket.uses < MAX_USES && socket.channel.isOpen()) {
            socket.idleSince = System.nanoTime();
            if (idle.get(socket.server, server -> new IdleSockets()).offer(socket)) {
                return;
            }
        }
        socket.close();
    }

    /** Closes every idle socket; leased ones are closed when given back. The pool stays usable. */
    @Override
    public void close() {
        idle.invalidateAll();
        idle.cleanUp();
    }

    /** How many idle sockets are kept for {@code server} now (for tests). */
    int idleCount(InetSocketAddress server) {
        IdleSockets sockets = idle.getIfPresent(server);
        return sockets == null ? 0 : sockets.size();
    }

    private PooledSocket open(InetSocketAddress server) throws IOException {
        ProtocolFamily family = server.getAddress() instanceof Inet4Address
                ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
        DatagramChannel channel = DatagramChannel.open(family);
        try {
            bindRandomPort(channel);
            // connect(): the kernel then delivers only this server's datagrams and reports ICMP port unreachable.
            channel.connect(server);
            return new PooledSocket(channel, server);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private void bindRandomPort(DatagramChannel channel) throws IOException {
        for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
            int port = FIRST_SOURCE_PORT + random.nextInt(SOURCE_PORT_COUNT);
            try {
                channel.bind(new InetSocketAddress(port)); // the wildcard address of the channel's family
                return;
            } catch (BindException e) {
                LOG.log(Level.TRACE, "source port {0} in use, drawing another", port);
            }
        }
        // Every draw collided (a very busy host): let the kernel choose, which Linux also randomises.
        channel.bind(null);
    }

    /** A socket connected to one server, with how often it has been lent. Confined to one exchange at a time. */
    static final class PooledSocket {
        final DatagramChannel channel;
        final InetSocketAddress server;
        private int uses = 1;
        private long idleSince;

        private PooledSocket(DatagramChannel channel, InetSocketAddress server) {
            this.channel = channel;
            this.server = server;
        }

        int uses() {
            return uses;
        }

        int localPort() {
            return channel.socket().getLocalPort();
        }

        void close() {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "closing an upstream UDP socket failed", e);
            }
        }
    }

    /**
     * The idle sockets of one server, newest first (the others then age out and close). Once closed by eviction it
     * refuses sockets, so one given back during the eviction is closed rather than leaked.
     */
    private static final class IdleSockets {
        private final ArrayDeque<PooledSocket> sockets = new ArrayDeque<>();
        private boolean closed;

        synchronized PooledSocket poll(long now) {
            PooledSocket socket;
            while ((socket = sockets.pollFirst()) != null) {
                if (now - socket.idleSince < MAX_IDLE.toNanos()) {
                    return socket;
                }
                socket.close();
            }
            return null;
        }

        synchronized boolean offer(PooledSocket socket) {
            if (closed || sockets.size() >= MAX_IDLE_PER_SERVER) {
                return false;
            }
            sockets.addFirst(socket);
            return true;
        }

        synchronized int size() {
            return sockets.size();
        }

        void close() {
            List<PooledSocket> toClose;
            synchronized (this) {
                closed = true;
                toClose = new ArrayList<>(sockets);
                sockets.clear();
            }
            toClose.forEach(PooledSocket::close);
        }
    }
}
