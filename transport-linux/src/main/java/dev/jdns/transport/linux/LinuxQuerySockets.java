package dev.jdns.transport.linux;

import dev.jdns.transport.client.QuerySocket;
import dev.jdns.transport.client.QuerySocketProvider;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;

/**
 * Query sockets on Linux system calls ({@link LinuxQuerySocket}), found by {@link java.util.ServiceLoader}. Usable on
 * Linux on x86-64 or AArch64, when the JVM lets this code call native functions (the jar's manifest says
 * {@code Enable-Native-Access: ALL-UNNAMED}; without it the JVM would warn on every start, so the JDK's sockets are
 * used instead) and the C library has what it needs.
 */
public final class LinuxQuerySockets implements QuerySocketProvider {

    private static final Logger LOG = System.getLogger(LinuxQuerySockets.class.getName());
    private static final int PREPARE_EXCHANGES = 3000;
    private static final Duration PREPARE_TIME = Duration.ofSeconds(2);

    @Override
    public String name() {
        return NativeAccess.PROVIDER_NAME;
    }

    @Override
    public boolean usable() {
        return NativeAccess.usable("query sockets", () -> open(StandardProtocolFamily.INET).close());
    }

    /**
     * Runs every call of an exchange on loopback, to a socket of this JVM's own, until the JIT has compiled them:
     * through the foreign function API, a call costs tens of microseconds until then (measured: the resolver's first
     * pass 10% slower, and a dig 0.3-0.9 s slower, when its first queries paid for it). At most
     * {@value #PREPARE_EXCHANGES} exchanges or {@link #PREPARE_TIME}.
     */
    @Override
    public void prepare() {
        long deadline = System.nanoTime() + PREPARE_TIME.toNanos();
        byte[] buffer = new byte[64];
        ByteBuffer echo = ByteBuffer.allocate(64);
        try (DatagramChannel peer = DatagramChannel.open(StandardProtocolFamily.INET)) {
            peer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            InetSocketAddress peerAddress = (InetSocketAddress) peer.getLocalAddress();
            for (int i = 0; i < PREPARE_EXCHANGES && System.nanoTime() - deadline < 0; i++) {
                try (QuerySocket socket = open(StandardProtocolFamily.INET)) {
                    socket.bind(0);
                    socket.connect(peerAddress);
                    socket.localAddress();
                    socket.send(buffer);
                    echo.clear();
                    SocketAddress from = peer.receive(echo);
                    peer.send(echo.flip(), from);
                    socket.receive(buffer, deadline);
                }
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "preparing the Linux query sockets stopped early: {0}", e.toString());
        }
    }

    @Override
    public QuerySocket open(ProtocolFamily family) throws IOException {
        int nativeFamily = family == StandardProtocolFamily.INET6 ? Libc.AF_INET6 : Libc.AF_INET;
        return LinuxQuerySocket.open(ReadinessPoller.shared(), nativeFamily);
    }
}
