package dev.jdns.transport.client;

import dev.jdns.transport.Protocol;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;

/**
 * One query over UDP on a connected socket with a random source port (RFC 5452 §9.2), lent by a
 * {@link UdpSocketPool}, waiting until the deadline for a datagram that is the reply. Anything else that arrives
 * (another ID, another question, garbage) is discarded and the wait goes on: a forger must not be able to end the
 * query with a bad datagram. Such a socket is not lent again.
 */
final class UdpExchange implements AutoCloseable {

    private static final Logger LOG = System.getLogger(UdpExchange.class.getName());

    /**
     * The largest reply read whole unless the query advertised more: servers should keep to our EDNS size (RFC 6891
     * §6.2.5), but some that ignore it answer up to 4096, an old common default. Receive buffers are one octet
     * larger, so a datagram that fills one was cut by the kernel and is discarded instead of half-parsed. (They
     * were 64 KiB, one per exchange in flight: more in flight than the pool held meant 64 KiB allocated and zeroed
     * per upstream query, 62% of the resolver's allocation when resolving new names.)
     */
    static final int LARGEST_READ_WHOLE = 4096;

    /**
     * Standard receive buffers kept between exchanges (1 MiB at most), enough for the 200 upstream queries in
     * flight under bench/run.sh's load; beyond that they are allocated and dropped.
     */
    private static final int POOLED_BUFFERS = 256;
    private static final int STANDARD_BUFFER = LARGEST_READ_WHOLE + 1;

    private final UdpSocketPool sockets;
    private final ArrayBlockingQueue<byte[]> buffers = new ArrayBlockingQueue<>(POOLED_BUFFERS);

    UdpExchange(SecureRandom random) {
        this.sockets = new UdpSocketPool(random);
    }

    DnsReply exchange(InetSocketAddress server, Message query, Duration timeout) throws DnsClientException {
        byte[] wire = query.toWire();
        long deadline = System.nanoTime() + timeout.toNanos();
        UdpSocketPool.PooledSocket socket = null;
        boolean clean = false;
        try {
            socket = sockets.lease(server);
            long sentAt = System.nanoTime();
            socket.channel.write(ByteBuffer.wrap(wire));
            Received received = awaitReply(socket.channel.socket(), server, query, deadline);
            clean = received.nothingElse();
            return new DnsReply(received.reply(), server, Duration.ofNanos(System.nanoTime() - sentAt), Protocol.UDP);
        } catch (PortUnreachableException e) {
            throw new ServerUnreachableException(server, "UDP port unreachable", e);
        } catch (DnsClientException e) {
            throw e;
        } catch (IOException e) {
            throw new ServerUnreachableException(server, "UDP exchange failed: " + e.getMessage(), e);
        } finally {
            if (socket != null) {
                sockets.giveBack(socket, clean);
            }
        }
    }

    /** Closes the idle sockets kept for reuse. */
    @Override
    public void close() {
        sockets.close();
    }

    /** The reply, and whether it was the only datagram that arrived (else the socket is not lent again). */
    private record Received(Message reply, boolean nothingElse) {}

    private Received awaitReply(DatagramSocket socket, InetSocketAddress server, Message query, long deadline)
            throws IOException {
        OPTRecord opt = query.getOPT();
        int advertised = opt == null ? 0 : opt.getPayloadSize();
        if (advertised > LARGEST_READ_WHOLE) { // dig +bufsize: the user asked for large replies over UDP
            return awaitReply(socket, server, query, deadline, new byte[advertised + 1]);
        }
        byte[] buffer = Objects.requireNonNullElseGet(buffers.poll(), () -> new byte[STANDARD_BUFFER]);
        try {
            return awaitReply(socket, server, query, deadline, buffer);
        } finally {
            buffers.offer(buffer); // the reply was parsed into a Message: nothing refers to the buffer any more
        }
    }

    private Received awaitReply(DatagramSocket socket, InetSocketAddress server, Message query, long deadline,
            byte[] buffer) throws IOException {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        ReplyMatcher.Outcome lastOwnIdFailure = null;
        boolean discarded = false;
        while (true) {
            long remainingMillis = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
            if (remainingMillis <= 0) {
                throw noReply(server, lastOwnIdFailure);
            }
            packet.setData(buffer);
            socket.setSoTimeout((int) Math.min(remainingMillis, Integer.MAX_VALUE));
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                throw noReply(server, lastOwnIdFailure);
            }
            ReplyMatcher.Outcome outcome = judge(packet, server, query);
            if (outcome.accepted()) {
                return new Received(outcome.message(), !discarded);
            }
            discarded = true;
            LOG.log(Level.DEBUG, "discarded datagram from {0} for {1}: {2}",
                    packet.getSocketAddress(), query.getQuestion(), outcome.reason());
            if (outcome.verdict() == ReplyMatcher.Verdict.UNPARSEABLE
                    || outcome.verdict() == ReplyMatcher.Verdict.WRONG_QUESTION) {
                lastOwnIdFailure = outcome;
            }
        }
    }

    private static ReplyMatcher.Outcome judge(DatagramPacket packet, InetSocketAddress server, Message query) {
        // The connected socket already filters sources; checked again so the rule does not depend on the platform.
        if (!server.equals(packet.getSocketAddress())) {
            return new ReplyMatcher.Outcome(ReplyMatcher.Verdict.NOT_A_REPLY, null,
                    "from " + packet.getSocketAddress() + ", not from the server");
        }
        if (packet.getLength() == packet.getData().length) {
            return ReplyMatcher.cutShort(query, packet.getData(), packet.getLength() - 1);
        }
        return ReplyMatcher.match(query, packet.getData(), packet.getLength());
    }

    /** A server that only ever sent broken replies with our ID is reported as such, not as silent. */
    private static DnsClientException noReply(InetSocketAddress server, ReplyMatcher.Outcome lastOwnIdFailure) {
        if (lastOwnIdFailure != null) {
            return new MalformedReplyException(server, "no usable UDP reply, last one " + lastOwnIdFailure.reason(),
                    null);
        }
        return new DnsTimeoutException(server, "no UDP reply before the deadline");
    }
}
