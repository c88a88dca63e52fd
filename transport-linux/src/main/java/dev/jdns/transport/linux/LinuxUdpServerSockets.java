package dev.jdns.transport.linux;

import dev.jdns.transport.UdpServerSocket;
import dev.jdns.transport.UdpServerSocketProvider;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Listen sockets on Linux system calls ({@link LinuxUdpServerSocket}: datagrams in and replies out in batches), found
 * by {@link java.util.ServiceLoader}. Usable where {@link NativeAccess#allowed()} and a socket can be bound.
 */
public final class LinuxUdpServerSockets implements UdpServerSocketProvider {

    private static final Logger LOG = System.getLogger(LinuxUdpServerSockets.class.getName());

    @Override
    public String name() {
        return NativeAccess.PROVIDER_NAME;
    }

    @Override
    public boolean usable() {
        if (!NativeAccess.allowed()) {
            return false;
        }
        try {
            bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), false, 4096).close();
            return true;
        } catch (IOException | RuntimeException | LinkageError e) {
            LOG.log(Level.DEBUG, "Linux listen sockets not usable here: {0}", e.toString());
            return false;
        }
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
