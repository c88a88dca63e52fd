package dev.jdns.transport.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Message;

/**
 * One TCP connection to a loopback server speaking RFC 1035 §4.2.2 framing (two-octet length prefix):
 * send queries one by one or back to back in a single write (pipelining), read replies, or watch for the
 * server closing the connection.
 */
public final class TcpSession implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;

    private TcpSession(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
    }

    public static TcpSession open(InetSocketAddress server) {
        return openFrom(null, server);
    }

    /** A connection from the loopback address {@code source} (e.g. 127.0.0.2: another client), any port. */
    public static TcpSession openFrom(String source, InetSocketAddress server) {
        LoopbackClient.requireLoopback(server);
        try {
            Socket socket = new Socket();
            if (source != null) {
                InetSocketAddress local = new InetSocketAddress(source, 0);
                LoopbackClient.requireLoopback(local);
                socket.bind(local);
            }
            socket.connect(server, LoopbackClient.timeoutMillis(LoopbackClient.DEFAULT_TIMEOUT));
            socket.setTcpNoDelay(true);
            return new TcpSession(socket);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to " + server, e);
        }
    }

    public void sendRaw(byte[] message) {
        writeBytes(frame(message));
    }

    public void send(Message query) {
        sendRaw(query.toWire());
    }

    /** Writes all queries in one write, so they reach the server back to back. */
    public void sendAll(List<Message> queries) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        queries.forEach(query -> all.writeBytes(frame(query.toWire())));
        writeBytes(all.toByteArray());
    }

    /** Writes bytes as they are, without framing (for partial or broken messages). */
    public void writeBytes(byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next reply, or empty when none arrives in time or the server closed the connection. */
    public Optional<byte[]> receiveRaw(Duration timeout) {
        try {
            socket.setSoTimeout(LoopbackClient.timeoutMillis(timeout));
            int length = in.readUnsignedShort();
            byte[] message = new byte[length];
            in.readFully(message);
            return Optional.of(message);
        } catch (SocketTimeoutException | EOFException | SocketException none) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<Message> receive() {
        return receiveRaw(LoopbackClient.DEFAULT_TIMEOUT).map(LoopbackClient::parse);
    }

    /** Reads up to {@code count} replies, stopping early when one does not arrive in time. */
    public List<Message> receive(int count) {
        List<Message> replies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Optional<Message> reply = receive();
            if (reply.isEmpty()) {
                break;
            }
            replies.add(reply.get());
        }
        return replies;
    }

    /**
     * True when the server closes the connection (end of stream or reset) within {@code timeout};
     * false when it is still open then. Any data the server sends meanwhile is discarded.
     */
    public boolean closedByServerWithin(Duration timeout) {
        try {
            socket.setSoTimeout(LoopbackClient.timeoutMillis(timeout));
            byte[] sink = new byte[4096];
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (in.read(sink) < 0) {
                    return true;
                }
            }
            return false;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (SocketException reset) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a test connection; nothing to do about a failure
        }
    }

    private static byte[] frame(byte[] message) {
        byte[] framed = new byte[message.length + 2];
        framed[0] = (byte) (message.length >>> 8);
        framed[1] = (byte) message.length;
        System.arraycopy(message, 0, framed, 2, message.length);
        return framed;
    }
}
