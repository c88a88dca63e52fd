package dev.jdns.transport.client;

import dev.jdns.transport.Protocol;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;

/**
 * One query over UDP from a socket of its own (see {@link QuerySockets}: fresh random source port, connected to the
 * server, closed when the exchange ends, RFC 5452 §9.2), waiting until the deadline for a datagram that is the
 * reply. Anything else that arrives (another ID, another question, another source, garbage) is discarded and the
 * wait goes on: a forger must not be able to end the query with a bad datagram. No datagram can outlive its
 * exchange: the socket that received it is closed with the exchange, however it ended.
 */
final class UdpExchange {

    private static final Logger LOG = System.getLogger(UdpExchange.class.getName());

    /**
     * The largest reply read whole unless the query advertised more: servers should keep to our EDNS size (RFC 6891
     * §6.2.5), but some that ignore it answer up to 4096, an old common default. Receive buffers are one octet
     * larger, so a datagram that fills one was cut by the kernel and is discarded instead of half-parsed. (They
     * were 64 KiB, one per exchange in flight: allocating and zeroing that per upstream query was most of the
     * resolver's allocation when resolving new names.)
     */
    static final int LARGEST_READ_WHOLE = 4096;

    /**
     * Standard receive buffers kept between exchanges ({@code POOLED_BUFFERS} x {@code LARGEST_READ_WHOLE + 1}
     * octets at most), more than the upstream queries in flight under bench/run.sh's load (dnsperf keeps 200); beyond that they are allocated and dropped. Only bytes: a buffer never
     * carries a datagram from one exchange to the next, each read is parsed up to its own length.
     */
    private static final int POOLED_BUFFERS = 256;
    private static final int STANDARD_BUFFER = LARGEST_READ_WHOLE + 1;

    private final QuerySockets sockets;
    private final ArrayBlockingQueue<byte[]> buffers = new ArrayBlockingQueue<>(POOLED_BUFFERS);

    /** @param longRunning whether the client lives long enough for the fastest sockets (QuerySocketProviders) */
    UdpExchange(RandomShorts random, boolean longRunning) {
        this.sockets = new QuerySockets(random, longRunning);
    }

    /**
     * @param cookies the DNS cookies to send and check (RFC 7873 §5.1, §5.3), or null to send the query as it is
     */
    DnsReply exchange(InetSocketAddress server, Message query, Duration timeout, ClientCookies cookies)
            throws DnsClientException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (QuerySocket socket = sockets.open(server)) {
            // The client cookie covers our address as the server sees it: the one the kernel chose on connect.
            ClientCookies.Exchange cookie = cookies == null ? null
                    : cookies.exchange(socket.localAddress(), server);
            byte[] wire = (cookie == null ? query : cookie.attach(query)).toWire();
            long sentAt = System.nanoTime();
            socket.send(wire);
            ReplyMatcher.Outcome reply = awaitReply(socket, server, query, deadline, cookie);
            return new DnsReply(reply.message(), server, Duration.ofNanos(System.nanoTime() - sentAt), Protocol.UDP,
                    reply.signedWire());
        } catch (PortUnreachableException e) {
            throw new ServerUnreachableException(server, "UDP port unreachable", e);
        } catch (DnsClientException e) {
            throw e;
        } catch (IOException e) {
            throw new ServerUnreachableException(server, "UDP exchange failed: " + e.getMessage(), e);
        }
    }

    /** The accepted reply. */
    private ReplyMatcher.Outcome awaitReply(QuerySocket socket, InetSocketAddress server, Message query,
            long deadline, ClientCookies.Exchange cookie) throws IOException {
        OPTRecord opt = query.getOPT();
        int advertised = opt == null ? 0 : opt.getPayloadSize();
        if (advertised > LARGEST_READ_WHOLE) { // dig +bufsize: the user asked for large replies over UDP
            return awaitReply(socket, server, query, deadline, cookie, new byte[advertised + 1]);
        }
        byte[] buffer = Objects.requireNonNullElseGet(buffers.poll(), () -> new byte[STANDARD_BUFFER]);
        try {
            return awaitReply(socket, server, query, deadline, cookie, buffer);
        } finally {
            buffers.offer(buffer); // the reply was parsed into a Message: nothing refers to the buffer any more
        }
    }

    private ReplyMatcher.Outcome awaitReply(QuerySocket socket, InetSocketAddress server, Message query,
            long deadline, ClientCookies.Exchange cookie, byte[] buffer) throws IOException {
        ReplyMatcher.Outcome lastOwnIdFailure = null;
        while (true) {
            int length = socket.receive(buffer, deadline);
            if (length < 0) {
                throw noReply(server, lastOwnIdFailure);
            }
            ReplyMatcher.Outcome outcome = judge(buffer, length, socket.lastSource(), server, query);
            if (outcome.accepted() && cookie != null && !cookie.accept(outcome.message())) {
                // RFC 7873 §5.3: our ID and question, another client cookie: forged; the real reply may follow.
                outcome = new ReplyMatcher.Outcome(ReplyMatcher.Verdict.WRONG_COOKIE, null,
                        "another client cookie than ours");
            }
            if (outcome.accepted()) {
                return outcome;
            }
            LOG.log(Level.DEBUG, "discarded datagram from {0} for {1}: {2}",
                    socket.lastSource(), query.getQuestion(), outcome.reason());
            if (outcome.verdict() == ReplyMatcher.Verdict.UNPARSEABLE
                    || outcome.verdict() == ReplyMatcher.Verdict.WRONG_QUESTION) {
                lastOwnIdFailure = outcome;
            }
        }
    }

    private static ReplyMatcher.Outcome judge(byte[] buffer, int length, InetSocketAddress source,
            InetSocketAddress server, Message query) {
        // The connected socket filters sources from connect() on. Checked again for a datagram that reached the port
        // between bind() and connect(), and so the rule does not depend on the platform.
        if (!server.equals(source)) {
            return new ReplyMatcher.Outcome(ReplyMatcher.Verdict.NOT_A_REPLY, null,
                    "from " + source + ", not from the server");
        }
        if (length == buffer.length) {
            return ReplyMatcher.cutShort(query, buffer, length - 1);
        }
        return ReplyMatcher.match(query, buffer, length);
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
