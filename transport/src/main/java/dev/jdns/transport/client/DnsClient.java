package dev.jdns.transport.client;

import dev.jdns.transport.Protocol;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Sends one query to one server and returns the matching reply: UDP first, TCP when the UDP reply is truncated
 * (RFC 7766 §5), each transport attempt bounded by the timeout. Blocking by design: callers run it on virtual
 * threads, which keeps the resolver's code top to bottom instead of nested callbacks. Every UDP query has a
 * socket of its own on a fresh random port, closed when its exchange ends ({@link QuerySockets} says why).
 * Thread-safe.
 *
 * <p>Why not dnsjava's {@code SimpleResolver} / {@code NioUdpClient} (wrapping dnsjava would be less code):
 * in dnsjava 3.7.1 {@code NioUdpClient} completes its future with the <em>first</em> datagram that reaches the
 * socket and closes the channel; {@code SimpleResolver} then checks ID and question and fails the whole query with
 * a {@code WireParseException} when they do not match. One forged datagram with a wrong ID therefore ends the
 * query, which is exactly what RFC 5452 §9.1 forbids a resolver to allow (it must discard it and keep waiting).
 * Its read buffer is also the advertised EDNS size, so a larger datagram is truncated and fails the query too.
 * What it does well is reused: dnsjava builds and parses every message here.
 */
public final class DnsClient implements AutoCloseable {

    private static final Logger LOG = System.getLogger(DnsClient.class.getName());

    /** EDNS UDP payload we advertise: the DNS Flag Day 2020 value, which avoids IP fragmentation. */
    public static final int EDNS_UDP_PAYLOAD = 1232;

    /** Per transport attempt; a resolver has its own overall deadline per client query above this. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(1500);

    /**
     * IDs and source ports must be unpredictable (RFC 5452 §9.2), so a cryptographic generator; DRBG (NIST SP
     * 800-90A, seeded once from the OS) rather than the default NativePRNG, which reads /dev/urandom under a global
     * lock on every call: a system call per upstream query that showed up in profiles of cold-name resolution.
     */
    private final SecureRandom random = newRandom();
    /** IDs and source ports from one stream of the generator's output, drawn in blocks. */
    private final RandomShorts shorts = new RandomShorts(random);
    private final UdpExchange udp;
    private final TcpExchange tcp = new TcpExchange();
    private final Duration timeout;
    /** DNS cookies sent upstream and checked (RFC 7873), or null when this client sends none. */
    private final ClientCookies cookies;

    private static SecureRandom newRandom() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom(); // every JDK 9+ has DRBG; keep working on one that does not
        }
    }

    public DnsClient() {
        this(DEFAULT_TIMEOUT);
    }

    public DnsClient(Duration timeout) {
        this(timeout, false);
    }

    /**
     * @param sendCookies whether to send DNS cookies over UDP (RFC 7873 §5.1), remember each server's and discard
     *                    replies with a client cookie not ours: a resolver does; a stub tool need not
     */
    public DnsClient(Duration timeout, boolean sendCookies) {
        this(timeout, sendCookies, false);
    }

    /**
     * A resolver's client: sends DNS cookies, and once it is busy (thousands of upstream queries) its UDP queries go
     * through the fastest sockets this platform offers, which pay back their start-up cost only in a process that
     * sends many ({@link QuerySocketProviders}).
     */
    public static DnsClient forResolver(Duration timeout) {
        return new DnsClient(timeout, true, true);
    }

    private DnsClient(Duration timeout, boolean sendCookies, boolean longRunning) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        this.timeout = timeout;
        this.cookies = sendCookies ? ClientCookies.withRandomSecret(random) : null;
        this.udp = new UdpExchange(shorts, longRunning);
    }

    /**
     * A query as a resolver sends it to an authoritative server: RD=0, EDNS0 with {@link #EDNS_UDP_PAYLOAD}, DO
     * clear, and a fresh ID from a cryptographic random source (RFC 5452 §9.2).
     */
    public Message iterativeQuery(Record question) {
        return newQuery(question, false);
    }

    /** A query with a fresh random ID, EDNS0 with {@link #EDNS_UDP_PAYLOAD}, and RD as asked (a stub sets it). */
    public Message newQuery(Record question, boolean recursionDesired) {
        return newQuery(question, recursionDesired, false);
    }

    /**
     * As {@link #newQuery(Record, boolean)}, with DO set when {@code dnssecOk} (RFC 3225 §3): a validating
     * resolver asks for RRSIGs and NSEC/NSEC3 proofs, of authoritative servers and forwarders alike.
     */
    public Message newQuery(Record question, boolean recursionDesired, boolean dnssecOk) {
        Message query = new Message(shorts.next());
        if (recursionDesired) {
            query.getHeader().setFlag(Flags.RD);
        }
        query.addRecord(question, Section.QUESTION);
        query.addRecord(new OPTRecord(EDNS_UDP_PAYLOAD, 0, 0, dnssecOk ? ExtendedFlags.DO : 0), Section.ADDITIONAL);
        return query;
    }

    /** Sends {@link #iterativeQuery(Record)} over UDP, retrying over TCP on TC=1. */
    public DnsReply query(InetSocketAddress server, Record question) throws DnsClientException {
        return exchange(server, iterativeQuery(question), Protocol.UDP);
    }

    /**
     * Sends {@code query} as built (one question; its ID should come from {@link #newQuery}) starting on
     * {@code firstTransport}. A truncated UDP reply is retried over TCP with the same message; a truncated TCP
     * reply is returned as it is.
     */
    public DnsReply exchange(InetSocketAddress server, Message query, Protocol firstTransport)
            throws DnsClientException {
        return exchange(server, query, firstTransport, timeout);
    }

    /**
     * As {@link #exchange(InetSocketAddress, Message, Protocol)}, with each transport attempt bounded by
     * {@code attemptTimeout} instead of the client's timeout: a resolver passes what is left of its own deadline
     * when that is shorter.
     */
    public DnsReply exchange(InetSocketAddress server, Message query, Protocol firstTransport,
            Duration attemptTimeout) throws DnsClientException {
        Objects.requireNonNull(server, "server");
        if (attemptTimeout.isNegative() || attemptTimeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + attemptTimeout);
        }
        if (query.getQuestion() == null) {
            throw new IllegalArgumentException("a query needs a question");
        }
        if (firstTransport == Protocol.TCP) {
            return tcp.exchange(server, query, attemptTimeout);
        }
        DnsReply reply = udp.exchange(server, query, attemptTimeout, cookies);
        if (reply.message().getRcode() == Rcode.BADCOOKIE && cookies != null) {
            // RFC 7873 §5.3: the server wants its cookie, which this reply brought (and we now keep): once more
            // with it, then over TCP, where the server has no reason to ask for one.
            LOG.log(Level.DEBUG, "BADCOOKIE from {0} for {1}, retrying with its cookie", server, query.getQuestion());
            reply = udp.exchange(server, query, attemptTimeout, cookies);
            if (reply.message().getRcode() == Rcode.BADCOOKIE) {
                return tcp.exchange(server, query, attemptTimeout);
            }
        }
        if (!reply.message().getHeader().getFlag(Flags.TC)) {
            return reply;
        }
        LOG.log(Level.DEBUG, "truncated UDP reply from {0} for {1}, retrying over TCP", server, query.getQuestion());
        return tcp.exchange(server, query, attemptTimeout);
    }

    public Duration timeout() {
        return timeout;
    }

    /**
     * Releases nothing: no socket outlives its exchange. Kept so a client can be scoped with try-with-resources
     * and callers need not change if the client ever holds something again.
     */
    @Override
    public void close() {
        // every socket was closed when its exchange ended
    }
}
