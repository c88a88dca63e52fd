package dev.jdns.transport;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds one listen address for both transports on the same port: first TCP, then UDP on the port TCP got.
 * TCP goes first because a TCP bind fails on a port that another server holds, while UDP sockets with
 * SO_REUSEPORT from the same user would silently share it. With port 0 the UDP port may be taken already;
 * then we try another ephemeral port.
 */
final class SocketBinder {

    /** Requested UDP receive buffer per socket, in octets. */
    private static final int UDP_RECEIVE_BUFFER = 4 << 20;

    private static final int EPHEMERAL_ATTEMPTS = 5;
    private static final int ACCEPT_BACKLOG = 128;

    /** The sockets for one listen address; all on {@link #address()}. */
    record Bound(InetSocketAddress address, ServerSocket tcp, List<UdpServerSocket> udp) implements Closeable {
        @Override
        public void close() {
            closeQuietly(tcp);
            udp.forEach(UdpServerSocket::close);
        }
    }

    private SocketBinder() {}

    /**
     * @param udpSockets how many UDP sockets to bind with SO_REUSEPORT (one per receiver thread); where the
     *                   platform lacks SO_REUSEPORT a single socket is bound
     * @param provider   what binds the UDP sockets
     */
    static Bound bind(InetSocketAddress requested, int udpSockets, UdpServerSocketProvider provider)
            throws ListenException {
        boolean ephemeral = requested.getPort() == 0;
        int attempts = ephemeral ? EPHEMERAL_ATTEMPTS : 1;
        // An ephemeral port is bound WITHOUT SO_REUSEPORT: the kernel hands a port held with SO_REUSEPORT to any
        // other socket of the same user that asks for port 0 with SO_REUSEPORT too (dig 9.18 does), and that
        // socket, connected to us, then receives datagrams meant for this server (seen in tests: dig got its own
        // query back). One shared socket is plenty for a port nobody chose. A chosen port is bound with SO_REUSEPORT
        // even for one socket, so that sockets can join it later (UdpListener).
        int sockets = ephemeral ? 1 : udpSockets;
        for (int attempt = 1; ; attempt++) {
            ServerSocket tcp = bindTcp(requested);
            InetSocketAddress actual = new InetSocketAddress(requested.getAddress(), tcp.getLocalPort());
            try {
                return new Bound(actual, tcp, bindUdp(actual, sockets, !ephemeral, provider));
            } catch (ListenException udpFailed) {
                closeQuietly(tcp);
                if (attempt >= attempts) {
                    throw udpFailed;
                }
            }
        }
    }

    private static ServerSocket bindTcp(InetSocketAddress address) throws ListenException {
        ServerSocket socket = null;
        try {
            socket = new ServerSocket();
            // Lets a restarted server bind while old connections sit in TIME_WAIT.
            socket.setReuseAddress(true);
            socket.bind(address, ACCEPT_BACKLOG);
            return socket;
        } catch (IOException e) {
            closeQuietly(socket);
            throw new ListenException(address, "tcp", e);
        }
    }

    private static List<UdpServerSocket> bindUdp(InetSocketAddress address, int count, boolean share,
            UdpServerSocketProvider provider) throws ListenException {
        List<UdpServerSocket> sockets = new ArrayList<>();
        try {
            // SO_REUSEPORT: the kernel spreads datagrams over the sockets, one per receiver thread, without a shared
            // lock. The receive buffer is room for a burst of queries while the receivers are paused (a GC pause, a
            // busy core): with the default ~200 KiB the kernel drops datagrams under load.
            UdpServerSocket first = provider.bind(address, share, UDP_RECEIVE_BUFFER);
            sockets.add(first);
            for (int i = 1; first.portShared() && i < count; i++) {
                sockets.add(bindShared(address, provider));
            }
            return sockets;
        } catch (IOException | RuntimeException e) {
            sockets.forEach(UdpServerSocket::close);
            throw new ListenException(address, "udp", e);
        }
    }

    /** One more UDP socket on {@code address}, whose port is held with SO_REUSEPORT: at start, or joining later. */
    static UdpServerSocket bindShared(InetSocketAddress address, UdpServerSocketProvider provider) throws IOException {
        return provider.bind(address, true, UDP_RECEIVE_BUFFER);
    }

    static void closeQuietly(Closeable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (IOException ignored) {
            // Closing on a failure or shutdown path; the original error is what matters.
        }
    }
}
