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
import org.xbill.DNS.Message;

/**
 * A test client for servers on loopback: sends one query over UDP or TCP and returns the reply, or empty
 * when none comes within the timeout. Refuses any address that is not loopback, so a test can never send
 * a packet off the machine.
 */
public final class LoopbackClient {

    /** Long enough for a loaded CI machine, short enough that a silent server does not stall a suite. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    private static final int MAX_UDP = 65535;

    private LoopbackClient() {}

    /** Sends {@code request} as one datagram and waits for one datagram back. */
    public static Optional<byte[]> udpRaw(InetSocketAddress server, byte[] request, Duration timeout) {
        requireLoopback(server);
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(server.getAddress(), 0))) {
            socket.setSoTimeout(timeoutMillis(timeout));
            socket.send(new DatagramPacket(request, request.length, server));
            byte[] buffer = new byte[MAX_UDP];
            DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
            socket.receive(reply);
            return Optional.of(Arrays.copyOf(buffer, reply.getLength()));
        } catch (SocketTimeoutException silence) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Optional<Message> udp(InetSocketAddress server, Message query) {
        return udpRaw(server, query.toWire(), DEFAULT_TIMEOUT).map(LoopbackClient::parse);
    }

    /** Opens a connection, sends {@code request} with its length prefix, reads one reply. */
    public static Optional<byte[]> tcpRaw(InetSocketAddress server, byte[] request, Duration timeout) {
        try (TcpSession session = TcpSession.open(server)) {
            session.sendRaw(request);
            return session.receiveRaw(timeout);
        }
    }

    public static Optional<Message> tcp(InetSocketAddress server, Message query) {
        return tcpRaw(server, query.toWire(), DEFAULT_TIMEOUT).map(LoopbackClient::parse);
    }

    /** Parses a reply; a test expecting a well-formed reply fails loudly when it is not. */
    public static Message parse(byte[] wire) {
        try {
            return new Message(wire);
        } catch (IOException e) {
            throw new UncheckedIOException("reply does not parse", e);
        }
    }

    static void requireLoopback(InetSocketAddress server) {
        if (server.getAddress() == null || !server.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("tests only talk to loopback, not " + server);
        }
    }

    static int timeoutMillis(Duration timeout) {
        return (int) Math.max(1, timeout.toMillis());
    }
}
