package dev.jdns.transport.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/** One UDP socket talking to one loopback server: send many datagrams, then collect the replies. */
public final class UdpSession implements AutoCloseable {

    private final DatagramSocket socket;
    private final InetSocketAddress server;

    private UdpSession(DatagramSocket socket, InetSocketAddress server) {
        this.socket = socket;
        this.server = server;
    }

    public static UdpSession open(InetSocketAddress server) {
        LoopbackClient.requireLoopback(server);
        try {
            return new UdpSession(new DatagramSocket(new InetSocketAddress(server.getAddress(), 0)), server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void send(byte[] datagram) {
        try {
            socket.send(new DatagramPacket(datagram, datagram.length, server));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next datagram from anyone, or empty when none arrives in time. */
    public Optional<byte[]> receive(Duration timeout) {
        byte[] buffer = new byte[65535];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.setSoTimeout(LoopbackClient.timeoutMillis(timeout));
            socket.receive(packet);
            return Optional.of(Arrays.copyOf(buffer, packet.getLength()));
        } catch (SocketTimeoutException silence) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
