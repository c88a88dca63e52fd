package dev.jdns.transport;

/**
 * What every pluggable socket implementation says about itself: upstream query sockets
 * ({@link dev.jdns.transport.client.QuerySocketProvider}) and listen sockets ({@link UdpServerSocketProvider}), each
 * with the JDK's as the portable one and others found by {@link java.util.ServiceLoader} ({@link SocketProviders}).
 */
public interface SocketProvider {

    /** A short name for logs and for the system property that forces a provider. */
    String name();

    /** Whether this provider works in this JVM on this system; asked before its first use. */
    boolean usable();
}
