package dev.jdns.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.testing.LoopbackServers;
import dev.jdns.transport.testing.TcpSession;
import dev.jdns.transport.testing.TestQueries;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/**
 * A TCP query whose answer is ready only after the server closed (a resolution that finishes late, as when the JIT
 * warm-up's lab is stopped under load) is dropped quietly. Before, its reply met the stopped timers: a
 * RejectedExecutionException escaped on the query's thread (a stack trace on stderr) with the write lock held.
 */
class TcpLateReplyTest {

    @Test
    void aReplyReadyAfterCloseIsDroppedWithoutAnUncaughtException() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        AtomicReference<Thread> worker = new AtomicReference<>();
        QueryHandler lateHandler = query -> {
            worker.set(Thread.currentThread());
            entered.countDown();
            awaitIgnoringInterrupts(closed); // the server's close interrupts it; a slow resolution goes on anyway
            return Handlers.answersWithARecords(1).handle(query);
        };
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> uncaught.add(e));
        try {
            DnsServer server = LoopbackServers.start(lateHandler, ServerOptions.defaults().withHandlerMayBlock(true),
                    "127.0.0.1");
            try (TcpSession session = TcpSession.open(LoopbackServers.address(server))) {
                session.sendAll(List.of(TestQueries.query("late", Type.A)));
                assertTrue(entered.await(20, TimeUnit.SECONDS), "the query reached the handler");
                server.close(); // waits a bounded time for the handler, then returns with it still running
            }
            closed.countDown();
            worker.get().join(Duration.ofSeconds(20)); // its uncaught exception, if any, is reported before it ends
            assertEquals(List.of(), uncaught);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }

    private static void awaitIgnoringInterrupts(CountDownLatch latch) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (latch.getCount() > 0 && System.nanoTime() < deadline) {
            try {
                latch.await(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                // ignored on purpose: see the caller
            }
        }
    }
}
