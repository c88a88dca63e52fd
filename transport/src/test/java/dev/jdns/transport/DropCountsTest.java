package dev.jdns.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.ServerMetrics.Drop;
import dev.jdns.transport.metrics.QueryCounters;
import dev.jdns.transport.testing.LoopbackClient;
import dev.jdns.transport.testing.TcpSession;
import dev.jdns.transport.testing.TestQueries;
import dev.jdns.transport.testing.UdpSession;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * The front end counts every request it turns away, by reason, over real sockets on loopback: N of a kind raise
 * that reason's count by exactly N and no other. Counts are awaited (boundedly) where no reply tells the client
 * the server is done; the rate limiter's clock is the test's, so its window never moves.
 */
class DropCountsTest {

    private static final int N = 6;
    /** Bound on waiting for the server to count what it got; nothing is judged by how long it took. */
    private static final Duration COUNTED_WITHIN = Duration.ofSeconds(20);

    private final QueryCounters counters = new QueryCounters();
    private DnsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void rateLimitingCountsDropsAndSlipsApart() throws Exception {
        int rate = 5;
        AtomicLong frozen = new AtomicLong(TimeUnit.SECONDS.toNanos(1000));
        ResponseLimiter limiter = new ResponseRateLimiter(new RateLimit(rate, 2, 24, 56, 1024), frozen::get);
        InetSocketAddress address = start(Handlers.answersWithARecords(1), ServerOptions.defaults(), limiter);
        // Past the rate, every second reply slips (sent truncated) and the others are dropped: N of each.
        try (UdpSession udp = UdpSession.open(address)) {
            for (int i = 0; i < rate + 2 * N; i++) {
                udp.send(TestQueries.query("www.example.com", Type.A).toWire());
            }
            awaitCount(() -> counters.drops(Drop.RATE_LIMIT) + counters.drops(Drop.RATE_LIMIT_SLIP), 2 * N);
        }
        assertEquals(N, counters.drops(Drop.RATE_LIMIT));
        assertEquals(N, counters.drops(Drop.RATE_LIMIT_SLIP));
        assertOnlyCounted(Drop.RATE_LIMIT, Drop.RATE_LIMIT_SLIP);
    }

    @Test
    void malformedRequestsAreCountedWhetherDroppedOrAnsweredFormErr() throws Exception {
        InetSocketAddress address = start(Handlers.answersWithARecords(1), ServerOptions.defaults(),
                ResponseLimiter.NONE);
        byte[] query = TestQueries.query("www.example.com", Type.A).toWire();
        byte[] noWholeHeader = {query[0], query[1], 1, 0, 0};
        byte[] truncatedQuestion = Arrays.copyOf(query, query.length - 3);
        try (UdpSession udp = UdpSession.open(address)) {
            for (int i = 0; i < N; i++) {
                udp.send(noWholeHeader);
            }
            awaitCount(() -> counters.drops(Drop.MALFORMED), N);
        }
        for (int i = 0; i < N; i++) {
            Message reply = LoopbackClient.parse(LoopbackClient.tcpRaw(address, truncatedQuestion,
                    LoopbackClient.DEFAULT_TIMEOUT).orElseThrow());
            assertEquals(Rcode.FORMERR, reply.getRcode());
        }
        assertEquals(2 * N, counters.drops(Drop.MALFORMED));
        assertOnlyCounted(Drop.MALFORMED);
    }

    @Test
    void aRefusalByAnAccessListIsCountedAndStillSent() throws Exception {
        QueryHandler refusing = query -> Response.refusedByAcl(Replies.refused(query.message()));
        InetSocketAddress address = start(refusing, ServerOptions.defaults(), ResponseLimiter.NONE);
        for (int i = 0; i < N; i++) {
            Message query = TestQueries.query("www.example.com", Type.A);
            Message reply = i % 2 == 0 ? LoopbackClient.udp(address, query).orElseThrow()
                    : LoopbackClient.tcp(address, query).orElseThrow();
            assertEquals(Rcode.REFUSED, reply.getRcode());
        }
        assertEquals(N, counters.drops(Drop.ACL));
        assertOnlyCounted(Drop.ACL);
    }

    @Test
    void connectionsBeyondTheCapPerClientAreCounted() throws Exception {
        ServerOptions options = ServerOptions.defaults().withMaxConnectionsPerClient(2);
        InetSocketAddress address = start(Handlers.answersWithARecords(1), options, ResponseLimiter.NONE);
        List<TcpSession> admitted = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                TcpSession session = TcpSession.open(address);
                admitted.add(session);
                session.send(TestQueries.query("www.example.com", Type.A));
                assertTrue(session.receive().isPresent(), "admitted connection " + i + " answers");
            }
            for (int i = 0; i < N; i++) {
                try (TcpSession turnedAway = TcpSession.open(address)) {
                    assertTrue(turnedAway.closedByServerWithin(COUNTED_WITHIN), "connection " + i + " closed");
                }
            }
        } finally {
            admitted.forEach(TcpSession::close);
        }
        awaitCount(() -> counters.drops(Drop.CONNECTION_CAP), N);
        assertOnlyCounted(Drop.CONNECTION_CAP);
    }

    @Test
    void queriesBeyondTheInFlightCapAreCounted() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        QueryHandler holding = new QueryHandler() {
            @Override
            public Response handle(Query query) {
                try {
                    release.await(COUNTED_WITHIN.toSeconds(), TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Response.of(Handlers.withARecords(query.message(), 1));
            }

            @Override
            public boolean mayBlock() {
                return true;
            }
        };
        ServerOptions options = ServerOptions.defaultsForBlockingHandler().withMaxInFlightQueries(2);
        InetSocketAddress address = start(holding, options, ResponseLimiter.NONE);
        try (UdpSession udp = UdpSession.open(address)) {
            for (int i = 0; i < 2; i++) {
                udp.send(TestQueries.query("held" + i + ".example.com", Type.A).toWire());
            }
            awaitCount(() -> (long) server.inFlightQueries(), 2);
            for (int i = 0; i < N; i++) {
                udp.send(TestQueries.query("more" + i + ".example.com", Type.A).toWire());
            }
            awaitCount(() -> counters.drops(Drop.IN_FLIGHT_CAP), N);
            release.countDown();
            assertTrue(udp.receive(COUNTED_WITHIN).isPresent(), "the held queries are answered");
        } finally {
            release.countDown();
        }
        assertEquals(N, counters.drops(Drop.IN_FLIGHT_CAP));
        assertOnlyCounted(Drop.IN_FLIGHT_CAP);
    }

    private InetSocketAddress start(QueryHandler handler, ServerOptions options, ResponseLimiter limiter)
            throws ListenException {
        server = new DnsServer(List.of(new InetSocketAddress("127.0.0.1", 0)), handler,
                options.withReceiverThreads(1), limiter).metrics(counters);
        server.start();
        return server.boundAddresses().getFirst();
    }

    /** Waits until {@code count} reaches {@code expected}, and fails when it does not within the bound. */
    private static void awaitCount(LongSupplier count, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + COUNTED_WITHIN.toNanos();
        while (count.getAsLong() < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(expected, count.getAsLong());
    }

    /** Every other reason is still at zero. */
    private void assertOnlyCounted(Drop... reasons) {
        List<Drop> expected = List.of(reasons);
        for (Drop reason : Drop.values()) {
            if (!expected.contains(reason)) {
                assertEquals(0, counters.drops(reason), reason.name());
            }
        }
    }
}
