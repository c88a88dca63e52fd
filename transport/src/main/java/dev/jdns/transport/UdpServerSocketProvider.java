package dev.jdns.transport;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Binds the {@link UdpServerSocket}s of a listen address. The JDK's {@code DatagramChannel} is the portable one
 * ({@link JdkUdpServerSockets}); others are found with {@link java.util.ServiceLoader} and used where they say they can
 * run ({@link UdpServerSocketProviders} chooses).
 */
public interface UdpServerSocketProvider extends SocketProvider {

    /**
     * A UDP socket bound to {@code address}.
     *
     * @param sharePort          bind with SO_REUSEPORT where the platform has it, so that one socket per receiver
     *                           thread shares the address
     * @param receiveBufferBytes the receive buffer to ask for (the kernel caps it)
     * @throws java.net.BindException when the address is in use
     */
    UdpServerSocket bind(InetSocketAddress address, boolean sharePort, int receiveBufferBytes) throws IOException;

    /**
     * Asks the kernel to hand the datagrams of {@code member}'s SO_REUSEPORT group only to the {@code count} sockets
     * that joined it from position {@code first} on (0 is the first bound), spread among them: sockets that joined a
     * busy listener take over from the earlier ones, which stay open, so that nothing queued in them is lost.
     *
     * @return false where this provider cannot (then every socket of the group keeps its share)
     */
    default boolean steer(UdpServerSocket member, int first, int count) throws IOException {
        return false;
    }
}
