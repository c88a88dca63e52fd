package dev.jdns.transport.client;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.util.function.Supplier;

/**
 * Opens the UDP socket of one upstream exchange: new each time, bound to a source port drawn from a cryptographic
 * generator ({@link RandomShorts}; RFC 5452 §9.2: with the random ID, about 32 bits a blind forger must guess
 * together), connected to that one server, and closed by the caller when the exchange ends. Nothing is kept between
 * exchanges: a port is open only while its query is outstanding, so a reply forged before the query was sent finds a
 * closed port, the next query starts with an empty receive queue, and a port found by scanning (SAD DNS,
 * CVE-2020-25705) is useless once its one query is answered. Unbound, PowerDNS Recursor and Knot Resolver do the same.
 * What remains is the few microseconds between connect and send: a datagram then must come from the server's address,
 * to a port drawn a moment before, with the query's ID, the same blind guess as racing the real reply. The sockets
 * come from the JVM's {@link QuerySocketProvider} ({@link QuerySocketProviders}). Thread-safe.
 */
final class QuerySockets {

    private static final Logger LOG = System.getLogger(QuerySockets.class.getName());

    /** Source ports are drawn from 1024-65535 like Unbound's default outgoing-port-permit. */
    private static final int FIRST_SOURCE_PORT = 1024;
    private static final int BIND_ATTEMPTS = 16;

    private final RandomShorts random;
    private final Supplier<QuerySocketProvider> provider;

    /** @param longRunning whether the client lives long enough for the fastest sockets (QuerySocketProviders) */
    QuerySockets(RandomShorts random, boolean longRunning) {
        this(random, longRunning ? QuerySocketProviders::fastestReady : QuerySocketProviders::portable);
    }

    private QuerySockets(RandomShorts random, Supplier<QuerySocketProvider> provider) {
        this.random = random;
        this.provider = provider;
    }

    /** A new socket on a random port, connected to {@code server}: the caller owns it and must close it. */
    QuerySocket open(InetSocketAddress server) throws IOException {
        ProtocolFamily family = server.getAddress() instanceof Inet4Address
                ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
        QuerySocket socket = provider.get().open(family);
        try {
            bindRandomPort(socket);
            // connect(): the kernel then delivers only this server's datagrams and reports ICMP port unreachable.
            // Whatever reached the port before it (from anyone, while it was bound but not connected) may still be
            // queued (Linux keeps it; OpenJDK's channel flushes it): UdpExchange checks every datagram's source.
            socket.connect(server);
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** The provider the next socket comes from (asking counts as opening one, for a long-running client). */
    String providerName() {
        return provider.get().name();
    }

    private void bindRandomPort(QuerySocket socket) throws IOException {
        for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
            int port = random.nextAtLeast(FIRST_SOURCE_PORT);
            try {
                socket.bind(port); // the wildcard address of the socket's family
                return;
            } catch (BindException e) {
                LOG.log(Level.TRACE, "source port {0} in use, drawing another", port);
            }
        }
        // Every draw collided (a very busy host): let the kernel choose, which Linux also randomises.
        socket.bind(0);
    }
}
