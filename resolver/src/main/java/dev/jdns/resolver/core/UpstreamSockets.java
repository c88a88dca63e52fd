package dev.jdns.resolver.core;

import dev.jdns.transport.Cidr;
import org.xbill.DNS.SimpleResolver;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a name server's address (from glue, root hints or a lookup) into the socket that is actually queried. On
 * the internet that is the address and port 53, unless the address is one never to query ({@link DoNotQuery}); in
 * tests and in {@code jdns lab} every server address is mapped
 * to a loopback socket, and an address outside the map is never queried, so no packet leaves the machine.
 */
@FunctionalInterface
public interface UpstreamSockets {

    /** The socket for {@code serverAddress}, or empty when this server must not be queried. */
    Optional<InetSocketAddress> socketFor(InetAddress serverAddress);

    /** Why {@link #socketFor} refuses {@code serverAddress}, for the resolution trace. */
    default String whyRefused(InetAddress serverAddress) {
        return "address not allowed by the upstream socket map";
    }

    /**
     * Every address on port 53 (how a resolver on the internet works), except those in
     * {@link DoNotQuery#DEFAULT_BLOCKS}: this host, loopback, link-local, multicast and broadcast.
     */
    static UpstreamSockets internet() {
        return DoNotQuery.internetOnPort(SimpleResolver.DEFAULT_PORT);
    }

    /** These sockets, except for addresses in {@code blocks} ({@code jdns resolver --do-not-query}). */
    default UpstreamSockets except(List<Cidr> blocks) {
        return blocks.isEmpty() ? this : new DoNotQuery(this, blocks);
    }

    /**
     * Only the addresses in {@code map}, each sent to its mapped socket; any other address is refused. The map is
     * copied.
     */
    static UpstreamSockets mapped(Map<InetAddress, InetSocketAddress> map) {
        Map<InetAddress, InetSocketAddress> copy = Map.copyOf(map);
        return address -> Optional.ofNullable(copy.get(address));
    }

    /**
     * Every loopback address on {@code port}; any other address is refused. This is how a simulated hierarchy runs
     * without root: each server has its own 127.0.0.0/8 address, as on the internet, and all share one
     * unprivileged port ({@code jdns resolver --upstream-port}). Refusing the rest means a stray glue record can
     * never send a packet off the machine.
     */
    static UpstreamSockets loopbackOnPort(int port) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("not a port: " + port);
        }
        return address -> address.isLoopbackAddress()
                ? Optional.of(new InetSocketAddress(address, port))
                : Optional.empty();
    }
}
