package dev.jdns.transport.client;

import dev.jdns.transport.Protocol;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import org.xbill.DNS.Message;

/**
 * One query over UDP from a fresh socket on a random source port (RFC 5452 §9.2), waiting until the deadline
 * for a datagram that is the reply. Anything else that arrives (another ID, another question, garbage, another
 * source) is discarded and the wait goes on: a forger must not be able to end the query with a bad datagram.
 */
final class UdpExchange {

    private static final Logger LOG = System.getLogger(UdpExchange.class.getName());

    /**
     * Large enough for any UDP payload (65,507 octets over IPv4), so an oversized datagram is read whole and
     * judged like any other instead of being truncated by the kernel into something that half-parses.
     */
    static final int RECEIVE_BUFFER_SIZE = 65_535;

    /** Source ports are drawn from 1024-65535 like Unbound's default outgoing-port-permit: 16 bits, less the privileged ones. */
    private static final int FIRST_SOURCE_PORT = 1024;
    private static final int SOURCE_PORT_COUNT = 65_536 - FIRST_SOURCE_PORT;
    private static final int BIND_ATTEMPTS = 16;

    /**
     * Receive buffers kept between exchanges: allocating (and zeroing) 64 KiB per upstream query was most of the
     * resolver's allocation when resolving new names. Bounded: beyond it, buffers are allocated and dropped.
     */
    private static final int POOLED_BUFFERS = 64;

    private final SecureRandom random;
    private final ArrayBlockingQueue<byte[]> buffers = new ArrayBlockingQueue<>(POOLED_BUFFERS);

    UdpExchange(SecureRandom random) {
        this.random = random;
    }

    DnsReply exchange(InetSocketAddress server, Message query, Duration timeout) throws DnsClientException {
        byte[] wire = query.toWire();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (DatagramSocket socket = openSocket(server)) {
            // connect(): the kernel then drops datagrams from other addresses and reports ICMP port unreachable.
            socket.connect(server);
            long sentAt = System.nanoTime();
            socket.send(new DatagramPacket(wire, wire.length));
            Message reply = awaitReply(socket, server, query, deadline);
            return new DnsReply(reply, server, Duration.ofNanos(System.nanoTime() - sentAt), Protocol.UDP);
        } catch (PortUnreachableException e) {
            throw new ServerUnreachableException(server, "UDP port unreachable", e);
        } catch (DnsClientException e) {
            throw e;
        } catch (IOException e) {
            throw new ServerUnreachableException(server, "UDP exchange failed: " + e.getMessage(), e);
        }
    }

    private Message awaitReply(DatagramSocket socket, InetSocketAddress server, Message query, long deadline)
            throws IOException {
        byte[] buffer = Objects.requireNonNullElseGet(buffers.poll(), () -> new byte[RECEIVE_BUFFER_SIZE]);
        try {
            return awaitReply(socket, server, query, deadline, buffer);
        } finally {
            buffers.offer(buffer); // the reply was parsed into a Message: nothing refers to the buffer any more
        }
    }

    private Message awaitReply(DatagramSocket socket, InetSocketAddress server, Message query, long deadline,
            byte[] buffer) throws IOException {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        ReplyMatcher.Outcome lastOwnIdFailure = null;
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
                return outcome.message();
            }
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

    private DatagramSocket openSocket(InetSocketAddress server) throws SocketException {
        InetAddress wildcard = wildcardFor(server.getAddress());
        for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
            int port = FIRST_SOURCE_PORT + random.nextInt(SOURCE_PORT_COUNT);
            try {
                return new DatagramSocket(new InetSocketAddress(wildcard, port));
            } catch (BindException e) {
                LOG.log(Level.TRACE, "source port {0} in use, drawing another", port);
            }
        }
        // Every draw collided (a very busy host): let the kernel choose, which Linux also randomises.
        return new DatagramSocket(new InetSocketAddress(wildcard, 0));
    }

    /** 0.0.0.0 or ::, matching the server's family. */
    private static InetAddress wildcardFor(InetAddress server) {
        try {
            return InetAddress.getByAddress(new byte[server.getAddress().length]);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 octets are always an address", e);
        }
    }
}
