package dev.jdns.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.resolver.cache.FakeTicker;
import dev.jdns.resolver.core.Question;
import dev.jdns.resolver.core.ResolutionEvent;
import dev.jdns.transport.client.DnsClient;
import dev.jdns.transport.client.ScriptedServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Priming (RFC 9609): the hints name one root server; the root's own NS set names another, and iteration must
 * start from the root's answer, not from the hints. Every server is a scripted server on loopback.
 */
class RootPrimingTest {

    /** The only server the hints name (a.root-servers.test.). */
    private static final String HINT = "192.0.2.1";
    /** The server the root's own NS set names (b.root-servers.test.), not in the hints. */
    private static final String PRIMED = "192.0.2.2";
    private static final String TLD_TEST = "192.0.2.10";
    private static final String TLD_LAB = "192.0.2.11";

    /** The root's NS set as its servers give it: b.root-servers.test. only, for ten minutes. */
    private static final String ROOT_ZONE = """
            .                      600   NS ns.b.root-servers.test.
            ns.b.root-servers.test. 600  A  %s
            test.                  86400 NS ns.nic.test.
            ns.nic.test.           86400 A  %s
            lab.                   86400 NS ns.nic.lab.
            ns.nic.lab.            86400 A  %s
            """.formatted(PRIMED, TLD_TEST, TLD_LAB);

    @TempDir
    Path dir;

    private final Upstreams upstreams = new Upstreams();
    private final FakeTicker ticker = new FakeTicker();
    private final List<ResolutionEvent> events = new CopyOnWriteArrayList<>();
    private Resolver resolver;
    /** Short, so that a silent server costs little; the single-flight test holds a reply back and needs longer. */
    private Duration upstreamTimeout = Duration.ofMillis(500);

    @AfterEach
    void close() throws IOException {
        upstreams.close();
    }

    @Test
    void iterationStartsFromThePrimedNsSetNotFromTheHints() throws IOException {
        serveTlds();
        upstreams.serve(HINT, new FakeZone(".", ROOT_ZONE));
        upstreams.serve(PRIMED, new FakeZone(".", ROOT_ZONE));

        assertEquals(List.of("203.0.113.1"), addresses("www.test."));
        assertEquals(List.of(". NS"), upstreams.questionsAt(HINT), "the hints' server is asked for the root's NS only");
        assertEquals(List.of("test. A"), upstreams.questionsAt(PRIMED), "the way down starts at the primed set");
        assertTrue(events.contains(new ResolutionEvent.RootPrimed(
                List.of(Name.fromConstantString("ns.b.root-servers.test.")), 600)), events.toString());

        assertEquals(List.of("203.0.113.2"), addresses("www.lab."));
        assertEquals(List.of(". NS"), upstreams.questionsAt(HINT), "primed once, for the NS set's TTL");
        assertEquals(List.of("test. A", "lab. A"), upstreams.questionsAt(PRIMED));
    }

    @Test
    void theRootIsPrimedAgainOnceItsNsSetHasExpired() throws IOException {
        serveTlds();
        upstreams.serve(HINT, new FakeZone(".", ROOT_ZONE));
        upstreams.serve(PRIMED, new FakeZone(".", ROOT_ZONE));

        addresses("www.test.");
        ticker.advance(Duration.ofSeconds(601)); // the root's NS set (600 s) is gone, test.'s delegation is not
        addresses("www.test.");
        assertEquals(List.of(". NS"), upstreams.questionsAt(HINT), "a cached delegation below needs no root");

        assertEquals(List.of("203.0.113.2"), addresses("www.lab."));
        assertEquals(List.of(". NS", ". NS"), upstreams.questionsAt(HINT), "RFC 9609 §3.1: primed again");
        assertEquals(List.of("test. A", "lab. A"), upstreams.questionsAt(PRIMED));
    }

    @Test
    void aPrimedSetWhoseServersDoNotAnswerFallsBackToTheHints() throws IOException {
        serveTlds();
        upstreams.serve(HINT, new FakeZone(".", ROOT_ZONE));
        upstreams.silent(PRIMED);

        assertEquals(List.of("203.0.113.1"), addresses("www.test."));
        assertEquals(List.of(". NS", "test. A"), upstreams.questionsAt(HINT));
        assertTrue(upstreams.queriesAt(PRIMED) >= 1, "the primed set was tried first");
        assertTrue(events.contains(new ResolutionEvent.StartingPoint(Question.in(Name.fromConstantString("www.test."),
                Type.A), Name.root, true)), "the restart from the hints is reported: " + events);
    }

    @Test
    void aRootThatCannotBePrimedServesFromTheHintsWithoutAPrimingPerQuestion() throws IOException {
        serveTlds();
        // A root zone without its own NS set: the priming question gets NODATA.
        upstreams.serve(HINT, new FakeZone(".", ROOT_ZONE.lines().filter(line -> !line.startsWith(".")
                && !line.startsWith("ns.b.")).reduce("", (a, b) -> a + b + "\n")));

        assertEquals(List.of("203.0.113.1"), addresses("www.test."));
        assertEquals(List.of("203.0.113.2"), addresses("www.lab."));
        assertEquals(List.of(". NS", "test. A", "lab. A"), upstreams.questionsAt(HINT),
                "one failed priming, then the hints until its backoff ends");

        ticker.advance(Duration.ofMinutes(10)); // every backoff and the TLDs' cached answers stay; the backoff ends
        resolver.resolve(Question.in(Name.fromConstantString("www.other."), Type.A), true);
        assertEquals(". NS", upstreams.questionsAt(HINT).get(3), "primed again after the backoff");
    }

    @Test
    void aQuestionArrivingWhileTheRootIsPrimedStartsFromTheHintsWithoutASecondPriming() throws Exception {
        upstreamTimeout = Duration.ofSeconds(10); // the priming reply is held back until the other question is done
        serveTlds();
        FakeZone root = new FakeZone(".", ROOT_ZONE);
        CountDownLatch primingAsked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        upstreams.script(HINT, (query, raw, client, socket) -> {
            Message reply = root.answer(query);
            if (query.getQuestion().getType() != Type.NS) {
                ScriptedServer.sendUdp(socket, client, reply);
                return;
            }
            primingAsked.countDown();
            Thread.ofVirtual().start(() -> { // hold the priming reply back, and go on serving other queries
                try {
                    if (release.await(10, TimeUnit.SECONDS)) {
                        ScriptedServer.sendUdp(socket, client, reply);
                    }
                } catch (InterruptedException | IOException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }, null);
        upstreams.serve(PRIMED, root);

        CompletableFuture<List<String>> priming = CompletableFuture.supplyAsync(() -> addresses("www.test."));
        assertTrue(primingAsked.await(10, TimeUnit.SECONDS));
        assertEquals(List.of("203.0.113.2"), addresses("www.lab."), "answered while the priming waits");
        assertEquals(List.of(". NS", "lab. A"), upstreams.questionsAt(HINT), "from the hints, no second priming");
        release.countDown();

        assertEquals(List.of("203.0.113.1"), priming.get(10, TimeUnit.SECONDS));
        assertEquals(List.of("test. A"), upstreams.questionsAt(PRIMED));
    }

    private void serveTlds() {
        upstreams.serve(TLD_TEST, new FakeZone("test.", "www 3600 A 203.0.113.1\n"));
        upstreams.serve(TLD_LAB, new FakeZone("lab.", "www 3600 A 203.0.113.2\n"));
    }

    private List<String> addresses(String name) {
        Resolution resolution = resolver().resolve(Question.in(Name.fromConstantString(name), Type.A), true);
        assertEquals(Rcode.NOERROR, resolution.rcode(), name);
        return resolution.answer().stream().map(r -> ((ARecord) r).getAddress().getHostAddress()).toList();
    }

    private Resolver resolver() {
        if (resolver == null) {
            try {
                resolver = new ResolverBuilder()
                        .rootHints(Upstreams.rootHints(dir, HINT))
                        .hostsFile(dir.resolve("no-hosts"))
                        .upstreamSockets(upstreams.sockets())
                        .client(new DnsClient(upstreamTimeout))
                        .ticker(ticker)
                        .observer(events::add)
                        .build();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return resolver;
    }
}
