package dev.jdns.transport.testing;

import dev.jdns.transport.DnsServer;
import dev.jdns.transport.ListenException;
import dev.jdns.transport.QueryHandler;
import dev.jdns.transport.ServerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;

/** Starts {@link DnsServer}s on loopback addresses with ephemeral ports, for tests. Close what you start. */
public final class LoopbackServers {

    private LoopbackServers() {}

    /** A server on 127.0.0.1 with default options. */
    public static DnsServer start(QueryHandler handler) {
        return start(handler, ServerOptions.defaults(), "127.0.0.1");
    }

    /** A server on each given loopback host (e.g. "127.0.0.1", "127.0.0.2"), each on an ephemeral port. */
    public static DnsServer start(QueryHandler handler, ServerOptions options, String... hosts) {
        List<InetSocketAddress> listen = Arrays.stream(hosts).map(host -> new InetSocketAddress(host, 0)).toList();
        listen.forEach(LoopbackClient::requireLoopback);
        DnsServer server = new DnsServer(listen, handler, options);
        try {
            server.start();
        } catch (ListenException e) {
            throw new UncheckedIOException(e);
        }
        return server;
    }

    /**
     * A port free on 127.0.0.1 for both transports at the time of asking, for a test that needs a fixed port (one
     * bound with SO_REUSEPORT, or bound again after a failure).
     */
    public static InetSocketAddress freeAddress() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (ServerSocket probe = new ServerSocket(0, 1, loopback)) {
            return new InetSocketAddress(loopback, probe.getLocalPort());
        }
    }

    /** The first bound address (UDP and TCP share it). */
    public static InetSocketAddress address(DnsServer server) {
        return server.boundAddresses().getFirst();
    }
}
