package dev.jdns.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.resolver.cache.FailureCache;
import dev.jdns.resolver.core.ResolutionEvent;
import dev.jdns.transport.client.ScriptedServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/**
 * Failures remembered with a backoff (RFC 9520): a silent server is skipped for every zone it serves while its
 * backoff runs, a failing zone cut costs no query at all, and both are tried again when the backoff ends.
 */
class FailureBackoffTest {

    private static final String SILENT = "192.0.2.51";
    private static final String REFUSING = "192.0.2.52";
    private static final String FLAKY = "192.0.2.53";

    @TempDir
    Path dir;
    private SimulatedHierarchy net;

    @AfterEach
    void stop() throws IOException {
        if (net != null) {
            net.close();
        }
    }

    @Test
    void aServerThatTimedOutIsSkippedForEveryZoneItServesALameOneOnlyForItsZone() throws IOException {
        net = new SimulatedHierarchy(dir, """
                mute  NS ns.mute
                ns.mute A %s
                pair  NS ns1.pair
                pair  NS ns2.pair
                ns1.pair A %s
                ns2.pair A %s
                good  NS ns.good
                ns.good A %s
                """.formatted(SILENT, SILENT, REFUSING, REFUSING));
        // Serves good.test. and refuses everything else: lame for pair.test.
        net.upstreams.silent(SILENT).serve(REFUSING, new FakeZone("good.test.", "www A 203.0.113.52\n"));

        // RFC 9520 §3.1: a server is unresponsive after three queries in a row without an answer.
        for (String name : List.of("a.mute.test.", "b.mute.test.", "c.mute.test.")) {
            if (!silentServerBackedOff()) {
                assertEquals(Rcode.SERVFAIL, net.ask(name).rcode());
            }
        }
        assertTrue(silentServerBackedOff());
        assertEquals(FailureCache.SERVER_TIMEOUTS_BEFORE_BACKOFF, net.upstreams.queriesAt(SILENT));

        assertEquals(Rcode.SERVFAIL, net.ask("www.pair.test.").rcode());
        assertEquals(3, net.upstreams.queriesAt(SILENT), "skipped while its backoff runs, in another zone too");
        assertEquals(1, net.upstreams.queriesAt(REFUSING));
        assertTrue(net.events.stream().anyMatch(event -> event instanceof ResolutionEvent.FailureCacheHit hit
                && hit.server() != null && hit.serverName().toString().equals("ns1.pair.test.")));
        assertEquals(Rcode.NOERROR, net.ask("www.good.test.").rcode(), "lame for pair.test. only, not skipped here");
        assertEquals(2, net.upstreams.queriesAt(REFUSING));

        net.ticker.advance(Duration.ofSeconds(10)); // past the backoff and the SERVFAIL kept for the question
        assertEquals(Rcode.SERVFAIL, net.ask("d.mute.test.").rcode());
        assertEquals(4, net.upstreams.queriesAt(SILENT), "asked again once the backoff is over");
        assertTrue(net.events.stream().anyMatch(event -> event instanceof ResolutionEvent.FailureRemembered failure
                && failure.server() != null && failure.failures() == 4
                && failure.backoff().equals(Duration.ofSeconds(2))), "the next failure doubles the backoff");
    }

    private boolean silentServerBackedOff() {
        return net.events.stream().anyMatch(event -> event instanceof ResolutionEvent.FailureRemembered failure
                && failure.server() != null && failure.serverName().toString().equals("ns.mute.test."));
    }

    @Test
    void aFailingZoneCutCostsNoQueryUntilItsBackoffEndsAndASuccessForgetsIt() throws IOException {
        net = new SimulatedHierarchy(dir, "flaky NS ns.flaky\nns.flaky A %s\n".formatted(FLAKY));
        AtomicBoolean up = new AtomicBoolean();
        FakeZone flaky = new FakeZone("flaky.test.", "@ NS ns\nns A %s\nwww A 203.0.113.53\n".formatted(FLAKY));
        net.upstreams.script(FLAKY, (query, raw, client, socket) -> ScriptedServer.sendUdp(socket, client,
                up.get() ? flaky.answer(query) : refused(query)), null);

        assertEquals(Rcode.SERVFAIL, net.ask("a.flaky.test.").rcode());
        int afterFirst = net.upstreams.totalQueries();
        assertEquals(List.of(Duration.ofSeconds(1)), zoneBackoffs());

        for (String name : List.of("b.flaky.test.", "c.d.flaky.test.", "flaky.test.", "a.flaky.test.")) {
            assertEquals(Rcode.SERVFAIL, net.ask(name).rcode(), name);
        }
        assertEquals(afterFirst, net.upstreams.totalQueries(), "no query to the zone or its parents");

        net.ticker.advance(Duration.ofSeconds(1));
        assertEquals(Rcode.SERVFAIL, net.ask("e.flaky.test.").rcode());
        assertTrue(net.upstreams.totalQueries() > afterFirst, "tried again when the backoff ended");
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), zoneBackoffs());

        up.set(true);
        net.ticker.advance(Duration.ofSeconds(2));
        assertEquals(Rcode.NOERROR, net.ask("www.flaky.test.").rcode());

        up.set(false);
        assertEquals(Rcode.SERVFAIL, net.ask("g.flaky.test.").rcode());
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1)), zoneBackoffs(),
                "the success reset the backoff");
    }

    /** The backoffs remembered for flaky.test. itself, in order. */
    private List<Duration> zoneBackoffs() {
        return net.events.stream()
                .filter(event -> event instanceof ResolutionEvent.FailureRemembered failure && failure.server() == null
                        && failure.zone().toString().equals("flaky.test."))
                .map(event -> ((ResolutionEvent.FailureRemembered) event).backoff())
                .toList();
    }

    private static Message refused(Message query) {
        Message reply = new Message(query.getHeader().getID());
        reply.getHeader().setFlag(org.xbill.DNS.Flags.QR);
        reply.addRecord(query.getQuestion(), Section.QUESTION);
        reply.getHeader().setRcode(Rcode.REFUSED);
        return reply;
    }

}
