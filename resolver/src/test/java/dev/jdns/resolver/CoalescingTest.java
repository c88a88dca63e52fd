package dev.jdns.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdns.resolver.core.Question;
import dev.jdns.resolver.core.ResolutionEvent;
import dev.jdns.transport.client.ScriptedServer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/** Identical questions in flight at the same time share one upstream resolution. */
class CoalescingTest {

    private static final String SLOW = "192.0.2.44";

    @TempDir
    Path dir;

    @Test
    void twoConcurrentIdenticalQuestionsCauseOneUpstreamQuery() throws Exception {
        CountDownLatch secondQueryIsWaiting = new CountDownLatch(1);
        try (SimulatedHierarchy net = new SimulatedHierarchy(dir, "slow NS ns.slow\nns.slow A %s\n".formatted(SLOW));
                ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            FakeZone slow = new FakeZone("slow.test.", "www A 203.0.113.44\n");
            // The server holds its answer until the second client has joined the first one's resolution.
            net.upstreams.script(SLOW, (query, raw, client, socket) -> {
                awaitQuietly(secondQueryIsWaiting);
                ScriptedServer.sendUdp(socket, client, slow.answer(query));
            }, slow);
            Resolver resolver = net.resolver();
            Question question = Question.in(Name.fromConstantString("www.slow.test."), Type.A);
            Future<Resolution> first = clients.submit(() -> resolver.resolve(question, true, event -> {
                if (event instanceof ResolutionEvent.Coalesced) {
                    secondQueryIsWaiting.countDown();
                }
            }));
            Future<Resolution> second = clients.submit(() -> resolver.resolve(question, true, event -> {
                if (event instanceof ResolutionEvent.Coalesced) {
                    secondQueryIsWaiting.countDown();
                }
            }));

            assertEquals(List.of("203.0.113.44"), IterationTest.addresses(first.get(10, TimeUnit.SECONDS)));
            assertEquals(List.of("203.0.113.44"), IterationTest.addresses(second.get(10, TimeUnit.SECONDS)));
            assertEquals(1, net.upstreams.queriesAt(SLOW));
            assertEquals(0, resolver.inFlightCount());
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
