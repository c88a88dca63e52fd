package dev.jdns.transport.client;

import dev.jdns.transport.Protocol;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Message;

/**
 * One query over a fresh TCP connection, framed with the 2-octet length prefix (RFC 1035 §4.2.2, RFC 7766 §8).
 * The deadline covers connecting, writing and every read: a server that trickles its reply one octet at a time
 * still cannot hold the exchange past it.
 */
final class TcpExchange {

    private static final int LENGTH_PREFIX = 2;

    /**
     * Upstream TCP exchanges in progress at once, for the whole client. A TCP reply can be 64 KiB, and parsing it
     * makes many times that in objects: with no bound, a burst of names under a zone that answers large RRsets
     * (TC over UDP, then TCP) holds all of them in memory at once, as many as the server has queries in flight.
     * Unbound bounds the same thing (outgoing-num-tcp, 10 per thread). An exchange that finds no slot waits, within
     * its own deadline.
     */
    static final int MAX_CONCURRENT = 16;

    private final Semaphore slots = new Semaphore(MAX_CONCURRENT, true);

    DnsReply exchange(InetSocketAddress server, Message query, Duration timeout) throws DnsClientException {
        long deadline = System.nanoTime() + timeout.toNanos();
        acquireSlot(server, deadline);
        try {
            return exchange(server, query, deadline);
        } finally {
            slots.release();
        }
    }

    private void acquireSlot(InetSocketAddress server, long deadline) throws DnsClientException {
        try {
            if (!slots.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                throw new ClientBusyException(server, "no TCP slot free before the deadline ("
                        + MAX_CONCURRENT + " upstream TCP exchanges at once)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientBusyException(server, "interrupted while waiting for a TCP slot");
        }
    }

    private DnsReply exchange(InetSocketAddress server, Message query, long deadline) throws DnsClientException {
        long startedAt = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(server, remainingMillis(server, deadline));
            send(socket.getOutputStream(), query.toWire());
            byte[] prefix = readFully(socket, LENGTH_PREFIX, server, deadline);
            int length = ((prefix[0] & 0xFF) << 8) | (prefix[1] & 0xFF);
            byte[] body = readFully(socket, length, server, deadline);
            ReplyMatcher.Outcome reply = accept(server, query, body);
            return new DnsReply(reply.message(), server, Duration.ofNanos(System.nanoTime() - startedAt),
                    Protocol.TCP, reply.signedWire());
        } catch (SocketTimeoutException e) {
            throw new DnsTimeoutException(server, "no complete TCP reply before the deadline");
        } catch (ConnectException e) {
            throw new ServerUnreachableException(server, "TCP connection refused", e);
        } catch (DnsClientException e) {
            throw e;
        } catch (IOException e) {
            throw new ServerUnreachableException(server, "TCP exchange failed: " + e.getMessage(), e);
        }
    }

    private static void send(OutputStream out, byte[] wire) throws IOException {
        ByteBuffer framed = ByteBuffer.allocate(LENGTH_PREFIX + wire.length);
        framed.putShort((short) wire.length).put(wire);
        // One write, so the length and the message leave in the same segment (RFC 7766 §8).
        out.write(framed.array());
        out.flush();
    }

    private static byte[] readFully(Socket socket, int length, InetSocketAddress server, long deadline)
            throws IOException {
        byte[] data = new byte[length];
        InputStream in = socket.getInputStream();
        int filled = 0;
        while (filled < length) {
            socket.setSoTimeout(remainingMillis(server, deadline));
            int read = in.read(data, filled, length - filled);
            if (read < 0) {
                throw new MalformedReplyException(server,
                        "TCP connection closed after " + filled + " of " + length + " octets", null);
            }
            filled += read;
        }
        return data;
    }

    private static ReplyMatcher.Outcome accept(InetSocketAddress server, Message query, byte[] body)
            throws DnsClientException {
        ReplyMatcher.Outcome outcome = ReplyMatcher.match(query, body, body.length);
        if (!outcome.accepted()) {
            // Over TCP nobody can inject into our connection blind: a mismatch is the server's fault.
            throw new MalformedReplyException(server, "TCP reply rejected: " + outcome.reason(), null);
        }
        return outcome;
    }

    /** At least 1 ms: a 0 timeout means "wait forever" to both connect and setSoTimeout. */
    private static int remainingMillis(InetSocketAddress server, long deadline) throws DnsTimeoutException {
        long remaining = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
        if (remaining <= 0) {
            throw new DnsTimeoutException(server, "TCP deadline passed");
        }
        return (int) Math.min(remaining, Integer.MAX_VALUE);
    }
}
