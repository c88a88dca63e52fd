package dev.jdns.transport.linux;

import dev.jdns.transport.UdpServerSocket;
import dev.jdns.transport.UdpServerSocketProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Listen sockets on Linux system calls ({@link LinuxUdpServerSocket}: datagrams in and replies out in batches), found
 * by {@link java.util.ServiceLoader}. Usable where {@link NativeAccess#allowed()} and a socket can be bound.
 */
public final class LinuxUdpServerSockets implements UdpServerSocketProvider {

    @Override
    public String name() {
        return NativeAccess.PROVIDER_NAME;
    }

    @Override
    public boolean usable() {
        return NativeAccess.usable("listen sockets",
                () -> bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), false, 4096).close());
    }

    @Override
    public UdpServerSocket bind(InetSocketAddress address, boolean sharePort, int receiveBufferBytes)
            throws IOException {
        return LinuxUdpServerSocket.bind(address, sharePort, receiveBufferBytes);
    }

    @Override
    public boolean steer(UdpServerSocket member, int first, int count) throws IOException {
        if (!(member instanceof LinuxUdpServerSocket socket)) {
            return false;
        }
        socket.steerGroup(first, count);
        return true;
    }
}
