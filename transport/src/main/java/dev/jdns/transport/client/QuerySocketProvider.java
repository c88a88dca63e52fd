package dev.jdns.transport.client;

import dev.jdns.transport.SocketProvider;
import java.io.IOException;
import java.net.ProtocolFamily;

/**
 * Makes the {@link QuerySocket}s of upstream exchanges. The JDK's {@code DatagramChannel} is the portable one
 * ({@link JdkQuerySockets}); other implementations are found with {@link java.util.ServiceLoader} and used when they
 * say they can run here. Why another at all: a resolver opens a socket per upstream query (RFC 5452 §9.2), so the
 * system calls per socket are most of what a never-seen name costs, and the JDK's channel makes about twice those a
 * C resolver makes (docs/performance.md, "New names: where the CPU goes").
 */
public interface QuerySocketProvider extends SocketProvider {

    /**
     * Readies a usable provider for a long-running client, on a background thread before its first use (see
     * {@link QuerySocketProviders}): whatever it would otherwise pay for during its first exchanges. Bounded in
     * time; sends nothing beyond loopback.
     */
    default void prepare() {}

    /** A new, unbound UDP socket of {@code family} ({@code INET} or {@code INET6}). */
    QuerySocket open(ProtocolFamily family) throws IOException;
}
