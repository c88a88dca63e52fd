package dev.jdns.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.testing.LoopbackServers;
import dev.jdns.transport.testing.TcpSession;
import dev.jdns.transport.testing.TestQueries;
import dev.jdns.transport.testing.UdpSession;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** RFC 7766 §6.2.1: several queries on one connection, written back to back, all answered. */
class TcpPipeliningTest {

    private static final int QUERIES = 20;

    @Test
    void queriesWrittenBackToBackAreAllAnsweredInOrder() {
        try (DnsServer server = LoopbackServers.start(Handlers.answersWithARecords(1));
             TcpSession session = TcpSession.open(LoopbackServers.address(server))) {
            List<Message> queries = IntStream.range(0, QUERIES)
                    .mapToObj(i -> TestQueries.query("q" + i + ".example", Type.A)).toList();
            session.sendAll(queries);
            List<Message> replies = session.receive(QUERIES);
            assertEquals(QUERIES, replies.size());
            for (int i = 0; i < QUERIES; i++) {
                assertEquals(queries.get(i).getHeader().getID(), replies.get(i).getHeader().getID());
                assertEquals(queries.get(i).getQuestion(), replies.get(i).getQuestion());
            }
        }
    }

    @Test
    void withABlockingHandlerASlowQueryDoesNotHoldBackTheNextOne() {
        // The slow query is held until the client has READ the fast reply: a server that answers in order (head of
        // line blocking) never sends the fast reply first, and the test fails; no race between handler and writer.
        CountDownLatch fastReceived = new CountDownLatch(1);
        QueryHandler handler = query -> {
            if (query.question().getName().equals(TestQueries.name("slow"))) {
                awaitQuietly(fastReceived);
            }
            return Handlers.answersWithARecords(1).handle(query);
        };
        ServerOptions options = ServerOptions.defaults().withHandlerMayBlock(true);
        try (DnsServer server = LoopbackServers.start(handler, options, "127.0.0.1");
             TcpSession session = TcpSession.open(LoopbackServers.address(server))) {
            Message slow = TestQueries.query("slow", Type.A);
            Message fast = TestQueries.query("fast", Type.A);
            session.sendAll(List.of(slow, fast));
            List<Message> first = session.receive(1);
            fastReceived.countDown();
            List<Message> second = session.receive(1);
            assertEquals(1, first.size());
            assertEquals(1, second.size());
            assertEquals(fast.getQuestion(), first.get(0).getQuestion(), "out of order (RFC 7766 §6.2.1.1)");
            assertEquals(slow.getQuestion(), second.get(0).getQuestion());
            assertTrue(Stream.concat(first.stream(), second.stream()).allMatch(r -> r.getRcode() == Rcode.NOERROR));
        }
    }

    /**
     * The attack: queries pipelined into a zone whose servers never answer (here a handler that blocks) on
     * several connections, plus UDP. Each holds a thread until it ends, so together they may not pass the server's
     * one in-flight cap; the connections are simply not read meanwhile, and every query is answered once the
     * handler lets go. Before, TCP bypassed the cap (64 per connection).
     */
    @Test
    void pipeliningIntoASilentZoneCannotPassTheSharedInFlightCap() throws InterruptedException {
        int cap = 8;
        int connections = 3;
        int perConnection = 20;
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        QueryHandler silent = query -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                awaitQuietly(release);
                return Handlers.answersWithARecords(1).handle(query);
            } finally {
                running.decrementAndGet();
            }
        };
        ServerOptions options = ServerOptions.defaults().withHandlerMayBlock(true).withMaxInFlightQueries(cap)
                .withIdleTimeout(Duration.ofSeconds(30));
        try (DnsServer server = LoopbackServers.start(silent, options, "127.0.0.1")) {
            List<TcpSession> sessions = IntStream.range(0, connections)
                    .mapToObj(i -> TcpSession.open(LoopbackServers.address(server))).toList();
            try (UdpSession udp = UdpSession.open(LoopbackServers.address(server))) {
                for (TcpSession session : sessions) {
                    session.sendAll(IntStream.range(0, perConnection)
                            .mapToObj(i -> TestQueries.query("q" + i + ".silent.example", Type.A)).toList());
                }
                for (int i = 0; i < 10; i++) {
                    udp.send(TestQueries.query("u" + i + ".silent.example", Type.A).toWire());
                }
                awaitAtLeast(running, cap);
                Thread.sleep(500); // room for any query past the cap to reach the handler (none may)
                assertTrue(mostAtOnce.get() <= cap, mostAtOnce.get() + " queries at once, cap " + cap);
                release.countDown();
                for (TcpSession session : sessions) {
                    assertEquals(perConnection, session.receive(perConnection).size(), "every TCP query answered");
                }
            } finally {
                release.countDown();
                sessions.forEach(TcpSession::close);
            }
        }
    }

    /** Polls (at most 10 s) until {@code counter} reaches {@code target}. */
    private static void awaitAtLeast(AtomicInteger counter, int target) throws InterruptedException {
        for (int i = 0; i < 200 && counter.get() < target; i++) {
            Thread.sleep(50);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
