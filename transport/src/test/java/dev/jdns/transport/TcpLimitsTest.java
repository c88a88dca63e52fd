package dev.jdns.transport;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.testing.LoopbackClient;
import dev.jdns.transport.testing.LoopbackServers;
import dev.jdns.transport.testing.TcpSession;
import dev.jdns.transport.testing.TestQueries;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * RFC 7766 §6.2.3 and §6.2.2: idle connections are closed, half-sent messages time out, and a cap on
 * connections keeps stalled clients from exhausting the server. Timeouts are short here; the checks only
 * wait (boundedly) for the close, they never measure how long it took.
 */
class TcpLimitsTest {

    private static final Duration SHORT = Duration.ofMillis(300);
    private static final Duration LONG = Duration.ofSeconds(30);
    /** Far above SHORT, far below LONG: whether the server closed the connection is decided well within it. */
    private static final Duration WAIT_FOR_CLOSE = Duration.ofSeconds(5);

    private static final int STALLED_MESSAGES = 500;

    private static final QueryHandler HANDLER = Handlers.answersWithARecords(1);

    @Test
    void idleConnectionIsClosedAfterTheIdleTimeout() {
        ServerOptions options = ServerOptions.defaults().withIdleTimeout(SHORT).withMessageTimeout(LONG);
        try (DnsServer server = LoopbackServers.start(HANDLER, options, "127.0.0.1");
             TcpSession session = TcpSession.open(LoopbackServers.address(server))) {
            session.send(TestQueries.query("example.com", Type.A));
            assertTrue(session.receive().isPresent());
            assertTrue(session.closedByServerWithin(WAIT_FOR_CLOSE), "idle connection closed");
        }
    }

    @Test
    void connectionIsKeptWhileTheClientStaysWithinTheIdleTimeout() {
        ServerOptions options = ServerOptions.defaults().withIdleTimeout(LONG);
        try (DnsServer server = LoopbackServers.start(HANDLER, options, "127.0.0.1");
             TcpSession session = TcpSession.open(LoopbackServers.address(server))) {
            assertFalse(session.closedByServerWithin(SHORT));
            session.send(TestQueries.query("example.com", Type.A));
            assertTrue(session.receive().isPresent(), "the same connection still answers");
        }
    }

    @Test
    void halfSentMessageTimesOutEvenWithALongIdleTimeout() {
        ServerOptions options = ServerOptions.defaults().withIdleTimeout(LONG).withMessageTimeout(SHORT);
        try (DnsServer server = LoopbackServers.start(HANDLER, options, "127.0.0.1");
             TcpSession session = TcpSession.open(LoopbackServers.address(server))) {
            byte[] query = TestQueries.query("example.com", Type.A).toWire();
            session.writeBytes(new byte[] {0, (byte) query.length, query[0], query[1]}); // prefix and 2 octets
            assertTrue(session.closedByServerWithin(WAIT_FOR_CLOSE), "slowloris connection closed");
        }
    }

    @Test
    void whenEveryConnectionIsBusyANewcomerIsClosedAtOnceWhileAdmittedOnesKeepWorking() throws Exception {
        // Busy: a query each, held in the handler until the newcomer has been turned away; known to be in the
        // handler (not merely sent) before the newcomer connects, so neither may count as idle.
        CountDownLatch inHandler = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        QueryHandler holding = query -> {
            if (query.question().getName().equals(TestQueries.name("held.example"))) {
                inHandler.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return HANDLER.handle(query);
        };
        ServerOptions options = ServerOptions.defaults().withMaxConnections(2).withIdleTimeout(LONG)
                .withMessageTimeout(LONG);
        try (DnsServer server = LoopbackServers.start(holding, options, "127.0.0.1")) {
            InetSocketAddress address = LoopbackServers.address(server);
            try (TcpSession first = TcpSession.open(address); TcpSession second = TcpSession.open(address)) {
                first.send(TestQueries.query("held.example", Type.A));
                second.send(TestQueries.query("held.example", Type.A));
                assertTrue(inHandler.await(10, TimeUnit.SECONDS), "both queries reached the handler");
                try (TcpSession third = TcpSession.open(address)) {
                    assertTrue(third.closedByServerWithin(WAIT_FOR_CLOSE), "third connection refused");
                } finally {
                    release.countDown();
                }
                assertTrue(first.receive().isPresent(), "the busy connection was kept");
                assertTrue(second.receive().isPresent(), "the busy connection was kept");
                assertAnswers(first);
                assertTrue(LoopbackClient.udp(address, TestQueries.query("udp.example", Type.A)).isPresent(),
                        "UDP is not affected by the TCP cap");
            }
        }
    }

    /**
     * The attack: one address fills the table with connections it keeps alive (a query now and then, every
     * 9 s against the 10 s idle timeout; here the idle timeout is simply longer than the test) and sends nothing
     * else. A newcomer from another address must still be served: the connection idle the longest makes room for it
     * (RFC 7766 §6.2.3). Before, the newcomer was closed at once.
     */
    @Test
    void oneClientHoldingTheTableWithIdleConnectionsCannotLockOthersOut() {
        int table = 4;
        ServerOptions options = ServerOptions.defaults().withMaxConnections(table).withMaxConnectionsPerClient(table)
                .withIdleTimeout(LONG);
        try (DnsServer server = LoopbackServers.start(HANDLER, options, "127.0.0.1")) {
            InetSocketAddress address = LoopbackServers.address(server);
            List<TcpSession> attacker = new ArrayList<>();
            try {
                for (int i = 0; i < table; i++) {
                    attacker.add(TcpSession.openFrom("127.0.0.2", address));
                    assertAnswers(attacker.getLast());
                }
                try (TcpSession victim = TcpSession.openFrom("127.0.0.3", address)) {
                    victim.send(TestQueries.query("victim.example", Type.A));
                    assertTrue(victim.receive().isPresent(), "a client at another address is served");
                }
                assertTrue(attacker.getFirst().closedByServerWithin(WAIT_FOR_CLOSE),
                        "the connection idle the longest made room");
                assertAnswers(attacker.getLast());
            } finally {
                attacker.forEach(TcpSession::close);
            }
        }
    }

    /** One address gets its share of the table, no more; a client at another address is not affected. */
    @Test
    void oneClientAddressHoldsNoMoreThanItsShare() {
        ServerOptions options = ServerOptions.defaults().withMaxConnections(100).withMaxConnectionsPerClient(2)
                .withIdleTimeout(LONG);
        try (DnsServer server = LoopbackServers.start(HANDLER, options, "127.0.0.1")) {
            InetSocketAddress address = LoopbackServers.address(server);
            try (TcpSession first = TcpSession.openFrom("127.0.0.2", address);
                 TcpSession second = TcpSession.openFrom("127.0.0.2", address)) {
                assertAnswers(first);
                assertAnswers(second);
                try (TcpSession third = TcpSession.openFrom("127.0.0.2", address)) {
                    assertTrue(third.closedByServerWithin(WAIT_FOR_CLOSE), "past its share: closed");
                }
                try (TcpSession other = TcpSession.openFrom("127.0.0.3", address)) {
                    assertAnswers(other);
                }
                assertAnswers(first);
            }
        }
    }

    @Test
    void clientThatNeverReadsLosesItsSlotToTheWriteTimeout() throws InterruptedException {
        Message bulky = bulkyMessage();
        QueryHandler transfer = query -> query.question().getType() == Type.AXFR
                ? new Response.Stream(Stream.generate(() -> bulky).limit(STALLED_MESSAGES).iterator())
                : HANDLER.handle(query);
        ServerOptions options = ServerOptions.defaults().withMaxConnections(1).withIdleTimeout(SHORT)
                .withMessageTimeout(LONG);
        try (DnsServer server = LoopbackServers.start(transfer, options, "127.0.0.1");
             TcpSession stalled = TcpSession.open(LoopbackServers.address(server))) {
            stalled.send(TestQueries.query("example.com", Type.AXFR)); // tens of megabytes, never read
            assertTrue(answeredOnANewConnectionWithinAFewTries(LoopbackServers.address(server)),
                    "the stalled connection was closed and its slot reused");
        }
    }

    /** Polls (at most 50 tries, 100 ms apart) until a new connection is admitted and answered. */
    private static boolean answeredOnANewConnectionWithinAFewTries(InetSocketAddress address)
            throws InterruptedException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (TcpSession session = TcpSession.open(address)) {
                session.send(TestQueries.query("example.com", Type.A));
                if (session.receiveRaw(LoopbackClient.DEFAULT_TIMEOUT).isPresent()) {
                    return true;
                }
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** About 60 KB of TXT data: enough of these fill any socket buffer of a client that does not read. */
    private static Message bulkyMessage() {
        Message message = Replies.replyTo(TestQueries.query("example.com", Type.AXFR));
        String chunk = "x".repeat(250);
        for (int i = 0; i < 230; i++) {
            message.addRecord(new TXTRecord(TestQueries.name("t" + i + ".example.com"), DClass.IN, 60, chunk),
                    Section.ANSWER);
        }
        return message;
    }

    private static void assertAnswers(TcpSession session) {
        session.send(TestQueries.query("example.com", Type.A));
        assertTrue(session.receive().isPresent());
    }
}
