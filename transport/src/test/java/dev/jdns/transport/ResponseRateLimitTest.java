package dev.jdns.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.testing.LoopbackClient;
import dev.jdns.transport.testing.TcpSession;
import dev.jdns.transport.testing.TestQueries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Response rate limiting over real UDP and TCP sockets on loopback, with the limiter's clock in the test's hands:
 * the exact slip pattern past the limit, other client networks untouched, TCP never limited, the next window
 * open again, NXDOMAIN floods of random names counted per zone, answers synthesised from a wildcard counted per
 * wildcard, packet-cache replies limited too, and a table whose size never changes (colliding keys are limited
 * together).
 */
class ResponseRateLimitTest {

    private static final int RATE = 5;
    /** How long a burst's replies are awaited once the last one came; only absence is judged by it. */
    private static final Duration QUIET = Duration.ofMillis(700);
    private static final Name ZONE = Name.fromConstantString("test.");
    private static final Name WILD = Name.fromConstantString("wild.test.");
    private static final Name WILDCARD = Name.fromConstantString("*.wild.test.");
    private static final InetAddress CLIENT = loopback(127, 0, 0, 1);
    private static final InetAddress SAME_NETWORK = loopback(127, 0, 0, 2);
    private static final InetAddress OTHER_NETWORK = loopback(127, 0, 1, 1);

    private final AtomicLong clock = new AtomicLong(TimeUnit.SECONDS.toNanos(1000));
    private final AtomicInteger handlerCalls = new AtomicInteger();
    private DnsServer server;
    private ResponseRateLimiter limiter;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /**
     * A for names under answer.test., A synthesised from *.wild.test. for names under wild.test. (as the handler
     * says), NXDOMAIN with the zone's SOA for anything else.
     */
    private Response answer(Query query) {
        handlerCalls.incrementAndGet();
        Name name = query.question().getName();
        if (name.subdomain(Name.fromConstantString("answer.test."))) {
            return Response.reusable(Handlers.withARecords(query.message(), 1), Response.Reuse.AS_IS);
        }
        if (name.subdomain(WILD)) {
            return new Response.Single(Handlers.withARecords(query.message(), 1), Response.Reuse.AS_IS, false,
                    WILDCARD);
        }
        Message reply = Replies.replyTo(query.message());
        reply.getHeader().setRcode(Rcode.NXDOMAIN);
        reply.getHeader().setFlag(Flags.AA);
        reply.addRecord(new SOARecord(ZONE, DClass.IN, 300, Name.fromConstantString("ns.test."),
                Name.fromConstantString("hostmaster.test."), 1, 3600, 600, 86400, 300), Section.AUTHORITY);
        return Response.of(reply);
    }

    private InetSocketAddress start(int slip, int tableSize, boolean reuse) throws ListenException {
        QueryHandler handler = reuse ? new ReusingHandler() : this::answer;
        // One receiver: the replies to one client's burst are then counted in the order it was sent.
        limiter = new ResponseRateLimiter(new RateLimit(RATE, slip, 24, 56, tableSize), clock::get);
        server = new DnsServer(List.of(new InetSocketAddress(CLIENT, 0)), handler,
                ServerOptions.defaults().withReceiverThreads(1), limiter);
        server.start();
        return server.boundAddresses().getFirst();
    }

    /** The handler above, offering its A answers to the front end's packet cache. */
    private final class ReusingHandler implements QueryHandler, ReplyReuse {
        private final Object generation = new Object();

        @Override
        public Response handle(Query query) {
            return answer(query);
        }

        @Override
        public ReplyReuse replyReuse() {
            return this;
        }

        @Override
        public Object generation() {
            return generation;
        }
    }

    @ParameterizedTest(name = "slip {0}")
    @CsvSource({"0, AAAAA-------", "1, AAAAATTTTTTT", "2, AAAAA-T-T-T-", "3, AAAAA--T--T-"})
    void aBurstAboveTheRateGetsTheSlipPattern(int slip, String expected) throws Exception {
        InetSocketAddress address = start(slip, 1024, false);
        assertEquals(expected, burst(address, CLIENT, 12, id -> "www.answer.test"));
    }

    @Test
    void anotherClientNetworkIsUnaffectedButTheSameNetworkIsLimited() throws Exception {
        InetSocketAddress address = start(2, 1024, false);
        assertEquals("AAAAA-T-", burst(address, CLIENT, 8, id -> "www.answer.test"));
        assertEquals("AAAA", burst(address, OTHER_NETWORK, 4, id -> "www.answer.test"), "127.0.1.0/24");
        assertEquals("T-T-", burst(address, SAME_NETWORK, 4, id -> "www.answer.test"), "127.0.0.0/24: limited #4 to #7");
    }

    @Test
    void tcpIsNeverLimited() throws Exception {
        InetSocketAddress address = start(0, 1024, false);
        assertEquals("AAAAA---", burst(address, CLIENT, 8, id -> "www.answer.test"));
        try (TcpSession tcp = TcpSession.open(address)) {
            for (int i = 0; i < 3 * RATE; i++) {
                tcp.send(TestQueries.query("www.answer.test", Type.A));
                Message reply = tcp.receive().orElseThrow();
                assertEquals(1, reply.getSection(Section.ANSWER).size(), "TCP query " + i);
            }
        }
        assertEquals("-", burst(address, CLIENT, 1, id -> "www.answer.test"), "UDP still limited");
    }

    @Test
    void theNextWindowAnswersAgain() throws Exception {
        InetSocketAddress address = start(2, 1024, false);
        assertEquals("AAAAA-T-", burst(address, CLIENT, 8, id -> "www.answer.test"));
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(999) - clock.get() % TimeUnit.SECONDS.toNanos(1));
        assertEquals("T-", burst(address, CLIENT, 2, id -> "www.answer.test"), "same second");
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
        assertEquals("AAAAA-T", burst(address, CLIENT, 7, id -> "www.answer.test"), "next second");
    }

    @Test
    void nxdomainForRandomNamesIsCountedPerZone() throws Exception {
        InetSocketAddress address = start(2, 1024, false);
        assertEquals("NNNNN-T-T-", burst(address, CLIENT, 10, id -> "r" + id + "-" + System.nanoTime() + ".test"));
        assertEquals("AAAA", burst(address, CLIENT, 4, id -> "www.answer.test"), "answers are another key");
    }

    @Test
    void randomNamesUnderAWildcardShareItsLimit() throws Exception {
        InetSocketAddress address = start(2, 1024, false);
        assertEquals("AAAAA-T-T-", burst(address, CLIENT, 10, id -> "r" + id + "-" + System.nanoTime() + ".wild.test"));
        assertEquals("AAAA", burst(address, CLIENT, 4, id -> "www.answer.test"), "other answers are another key");
    }

    @Test
    void wildcardAnswersFromThePacketCacheShareItsLimitToo() throws Exception {
        InetSocketAddress address = start(2, 1024, true);
        assertEquals("AAAAA-T-T-", burst(address, CLIENT, 10, id -> "n" + id % 2 + ".wild.test"));
        assertEquals(2, handlerCalls.get(), "two names, each asked of the handler once");
    }

    @Test
    void repliesFromThePacketCacheAreLimitedToo() throws Exception {
        InetSocketAddress address = start(2, 1024, true);
        assertEquals("AAAAA-T-T-", burst(address, CLIENT, 10, id -> "www.answer.test"));
        assertEquals(1, handlerCalls.get(), "every reply but the first came from the packet cache");
    }

    @Test
    void theTableHasAFixedSizeAndCollidingKeysShareABucket() throws Exception {
        InetSocketAddress address = start(0, 1, false);
        assertEquals("AAA", burst(address, CLIENT, 3, id -> "a" + id + ".answer.test"));
        assertEquals("AA--", burst(address, OTHER_NETWORK, 4, id -> "b" + id + ".answer.test"));
        assertEquals(1, limiter.buckets());
    }

    @Test
    void tableSizeIsRoundedUpToAPowerOfTwo() {
        assertEquals(1024, new ResponseRateLimiter(new RateLimit(1, 2, 24, 56, 1000), clock::get).buckets());
        assertEquals(ResponseLimiter.NONE, ResponseRateLimiter.of(new RateLimit(0, 2, 24, 56, 1000)));
    }

    /**
     * Sends {@code count} queries at once from a socket bound to {@code from} and describes the replies in the
     * order sent: A an answer, N an NXDOMAIN, T truncated with no records, - none.
     */
    private static String burst(InetSocketAddress server, InetAddress from, int count, IntFunction<String> names) {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(from, 0))) {
            for (int id = 1; id <= count; id++) {
                Message query = TestQueries.query(names.apply(id), Type.A);
                query.getHeader().setID(id);
                byte[] wire = query.toWire();
                socket.send(new DatagramPacket(wire, wire.length, server));
            }
            Map<Integer, Character> seen = new TreeMap<>();
            socket.setSoTimeout((int) QUIET.toMillis());
            while (seen.size() < count) {
                byte[] buffer = new byte[65535];
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException quiet) {
                    break;
                }
                Message reply = LoopbackClient.parse(Arrays.copyOf(buffer, packet.getLength()));
                seen.put(reply.getHeader().getID(), describe(reply));
            }
            StringBuilder pattern = new StringBuilder();
            for (int id = 1; id <= count; id++) {
                pattern.append(seen.getOrDefault(id, '-'));
            }
            return pattern.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static char describe(Message reply) {
        boolean empty = reply.getSection(Section.ANSWER).isEmpty() && reply.getSection(Section.AUTHORITY).isEmpty()
                && reply.getSection(Section.ADDITIONAL).isEmpty();
        if (reply.getHeader().getFlag(Flags.TC)) {
            assertTrue(empty, "a slipped reply has no records: " + reply);
            assertEquals(1, reply.getSection(Section.QUESTION).size(), "it echoes the question");
            return 'T';
        }
        if (reply.getRcode() == Rcode.NXDOMAIN) {
            return 'N';
        }
        assertEquals(1, reply.getSection(Section.ANSWER).size(), reply.toString());
        return 'A';
    }

    private static InetAddress loopback(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
