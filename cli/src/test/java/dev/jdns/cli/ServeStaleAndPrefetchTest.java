package dev.jdns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.jdns.transport.Protocol;
import dev.jdns.transport.client.DnsClient;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import picocli.CommandLine;

/**
 * Serve-stale (RFC 8767) and prefetch, over real sockets against a loopback hierarchy whose example.test authority
 * (TTL 3600, negative TTL 300) is stopped when the test says; the resolver's cache clock is moved, never waited for.
 */
class ServeStaleAndPrefetchTest {

    private static final String WWW = "www.example.test.";
    private static final String MISSING = "missing.example.test.";
    private static final Duration TTL = Duration.ofSeconds(3600);
    /** How long a test waits for a background refresh to land: generous for a loaded machine. */
    private static final Duration REFRESH_PATIENCE = Duration.ofSeconds(20);
    /** The resolver's wait for each upstream reply in the slow-refresh test: longer than the client waits. */
    private static final Duration SILENT_SERVER_WAIT = Duration.ofMillis(4500);

    @TempDir
    Path dir;

    private final MovableClock clock = new MovableClock();

    @Test
    void expiredDataIsServedStaleWhileTheAuthorityIsDownButNotPastTheWindow() throws Exception {
        try (LoopbackHierarchy hierarchy = LoopbackHierarchy.start(dir);
                ResolverService resolver = ResolverService.against(hierarchy, clock, "--serve-stale", "1h")) {
            assertEquals(Rcode.NOERROR, resolver.ask(WWW, Type.A).getRcode());
            assertEquals(Rcode.NXDOMAIN, resolver.ask(MISSING, Type.A).getRcode());
            hierarchy.stop(HierarchyZones.EXAMPLE_TEST);
            clock.advance(TTL.plusSeconds(1));

            Message stale = resolver.ask(WWW, Type.A);
            assertEquals(Rcode.NOERROR, stale.getRcode());
            assertEquals(List.of("192.0.2.1", "192.0.2.2"), addresses(stale));
            assertEquals(List.of(30L), ttls(stale, Section.ANSWER), "RFC 8767 §4: stale answers have TTL 30");
            assertEquals(List.of(ExtendedErrorCodeOption.STALE_ANSWER), codes(stale));

            Message staleNx = resolver.ask(MISSING, Type.A);
            assertEquals(Rcode.NXDOMAIN, staleNx.getRcode());
            assertEquals(List.of(30L), ttls(staleNx, Section.AUTHORITY));
            assertEquals(List.of(ExtendedErrorCodeOption.STALE_NXDOMAIN_ANSWER), codes(staleNx));

            clock.advance(Duration.ofHours(1)); // www is now 1 h 1 s past its expiry: older than the window
            assertEquals(Rcode.SERVFAIL, resolver.ask(WWW, Type.A).getRcode());
        }
    }

    @Test
    void withoutServeStaleExpiredDataIsServFail() throws Exception {
        try (LoopbackHierarchy hierarchy = LoopbackHierarchy.start(dir);
                ResolverService resolver = ResolverService.against(hierarchy, clock)) {
            assertEquals(Rcode.NOERROR, resolver.ask(WWW, Type.A).getRcode());
            hierarchy.stop(HierarchyZones.EXAMPLE_TEST);
            clock.advance(TTL.plusSeconds(1));

            Message failed = resolver.ask(WWW, Type.A);
            assertEquals(Rcode.SERVFAIL, failed.getRcode());
            assertEquals(List.of(ExtendedErrorCodeOption.NO_REACHABLE_AUTHORITY), codes(failed));
        }
    }

    @Test
    void aRefreshThatSucceedsInTimeWinsOverStaleData() throws Exception {
        try (LoopbackHierarchy hierarchy = LoopbackHierarchy.start(dir);
                ResolverService resolver = ResolverService.against(hierarchy, clock, "--serve-stale", "1h")) {
            resolver.ask(WWW, Type.A);
            int before = hierarchy.udpQueriesAt(HierarchyZones.EXAMPLE_TEST);
            clock.advance(TTL.plusSeconds(1));

            Message fresh = resolver.ask(WWW, Type.A);
            assertEquals(List.of(TTL.toSeconds()), ttls(fresh, Section.ANSWER));
            assertEquals(List.of(), codes(fresh));
            assertEquals(before + 1, hierarchy.udpQueriesAt(HierarchyZones.EXAMPLE_TEST));
        }
    }

    @Test
    void aClientGetsStaleDataWhenTheRefreshIsSlowerThanTheClientResponseTimer() throws Exception {
        try (LoopbackHierarchy hierarchy = LoopbackHierarchy.start(dir)) {
            List<String> args = ResolverService.arguments(hierarchy, "--serve-stale", "1h");
            args.set(args.indexOf("--upstream-timeout") + 1, String.valueOf(SILENT_SERVER_WAIT.toMillis()));
            // The timer at zero: the client gets the stale data as soon as the refresh is under way.
            try (ResolverService resolver = ResolverService.start(args, clock, Duration.ZERO)) {
                resolver.ask(WWW, Type.A);
                hierarchy.silence(HierarchyZones.EXAMPLE_TEST);
                int before = hierarchy.udpQueriesAt(HierarchyZones.EXAMPLE_TEST);
                clock.advance(TTL.plusSeconds(1));

                // This client gives up before the refresh can fail (one upstream wait is longer): only the
                // timer answers it in time.
                DnsClient impatient = new DnsClient(SILENT_SERVER_WAIT.minusSeconds(1));
                Message stale = impatient.exchange(resolver.address(), impatient.newQuery(
                        Record.newRecord(Name.fromConstantString(WWW), Type.A, DClass.IN), true), Protocol.UDP)
                        .message();
                assertEquals(List.of(30L), ttls(stale, Section.ANSWER));
                assertEquals(List.of(ExtendedErrorCodeOption.STALE_ANSWER), codes(stale));
                awaitQueriesAbove(hierarchy, before); // the refresh goes on after the answer
            }
        }
    }

    @Test
    void aNameAskedInTheLastTenthOfItsTtlIsPrefetchedOnceAndNeverExpires() throws Exception {
        try (LoopbackHierarchy hierarchy = LoopbackHierarchy.start(dir);
                ResolverService resolver = ResolverService.against(hierarchy, clock)) {
            resolver.ask(WWW, Type.A);
            int before = hierarchy.udpQueriesAt(HierarchyZones.EXAMPLE_TEST);
            clock.advance(TTL.dividedBy(2));
            resolver.ask(WWW, Type.A); // a cache hit, kept by the front end, but not into the last tenth
            clock.advance(TTL.multipliedBy(4).dividedBy(10));

            Message late = resolver.ask(WWW, Type.A);
            assertEquals(List.of(360L), ttls(late, Section.ANSWER), "answered from the cache, not waiting");
            awaitTtlAbove(resolver, 3000);
            assertEquals(before + 1, hierarchy.udpQueriesAt(HierarchyZones.EXAMPLE_TEST),
                    "one prefetch, however many hits in the last tenth");

            clock.advance(Duration.ofSeconds(400)); // past the first answer's expiry
            Message afterExpiry = resolver.ask(WWW, Type.A);
            assertEquals(List.of(3200L), ttls(afterExpiry, Section.ANSWER));
            assertEquals(before + 1, hierarchy.udpQueriesAt(HierarchyZones.EXAMPLE_TEST));
        }
    }

    @Test
    void aNameAskedEarlyInItsTtlIsNotPrefetched() throws Exception {
        try (LoopbackHierarchy hierarchy = LoopbackHierarchy.start(dir);
                ResolverService resolver = ResolverService.against(hierarchy, clock)) {
            resolver.ask(WWW, Type.A);
            int before = hierarchy.udpQueriesAt(HierarchyZones.EXAMPLE_TEST);
            clock.advance(TTL.multipliedBy(8).dividedBy(10));

            assertEquals(List.of(720L), ttls(resolver.ask(WWW, Type.A), Section.ANSWER));
            // A prefetch starts before the hit is answered; a name the cache lacks is one query after it.
            resolver.ask("mail.example.test.", Type.A);
            assertEquals(before + 1, hierarchy.udpQueriesAt(HierarchyZones.EXAMPLE_TEST));
        }
    }

    @Test
    void withoutPrefetchAPopularNameExpires() throws Exception {
        try (LoopbackHierarchy hierarchy = LoopbackHierarchy.start(dir);
                ResolverService resolver = ResolverService.against(hierarchy, clock, "--no-prefetch")) {
            resolver.ask(WWW, Type.A);
            int before = hierarchy.udpQueriesAt(HierarchyZones.EXAMPLE_TEST);
            clock.advance(TTL.multipliedBy(9).dividedBy(10));

            assertEquals(List.of(360L), ttls(resolver.ask(WWW, Type.A), Section.ANSWER));
            resolver.ask("mail.example.test.", Type.A);
            assertEquals(before + 1, hierarchy.udpQueriesAt(HierarchyZones.EXAMPLE_TEST));

            clock.advance(Duration.ofSeconds(400));
            assertEquals(List.of(TTL.toSeconds()), ttls(resolver.ask(WWW, Type.A), Section.ANSWER));
            assertEquals(before + 2, hierarchy.udpQueriesAt(HierarchyZones.EXAMPLE_TEST));
        }
    }

    @Test
    void aWindowBeyondAYearIsRefusedInOneLine() {
        StringWriter err = new StringWriter();
        CommandLine command = Main.commandLine();
        command.setOut(new PrintWriter(new StringWriter(), true));
        command.setErr(new PrintWriter(err, true));
        int exit = command.execute("resolver", "--listen", "127.0.0.1:0", "--hosts", "/dev/null",
                "--serve-stale", "999999999d"); // past the nanosecond clock
        assertEquals(2, exit, err.toString());
        assertTrue(err.toString().startsWith("jdns resolver: --serve-stale 999999999d: at most 365d"),
                err.toString());
    }

    /** Waits until the (silent) example.test server has received more than {@code count} queries (bounded). */
    private static void awaitQueriesAbove(LoopbackHierarchy hierarchy, int count) throws InterruptedException {
        long deadline = System.nanoTime() + REFRESH_PATIENCE.toNanos();
        while (hierarchy.udpQueriesAt(HierarchyZones.EXAMPLE_TEST) <= count) {
            assertTrue(System.nanoTime() < deadline, "no refresh reached the authority");
            Thread.sleep(20);
        }
    }

    /** Asks until the answer's TTL shows the refreshed data (bounded: the refresh runs in the background). */
    private static void awaitTtlAbove(ResolverService resolver, long ttl) throws Exception {
        long deadline = System.nanoTime() + REFRESH_PATIENCE.toNanos();
        while (ttls(resolver.ask(WWW, Type.A), Section.ANSWER).getFirst() <= ttl) {
            assertTrue(System.nanoTime() < deadline, "the prefetch never refreshed " + WWW);
            Thread.sleep(20);
        }
    }

    private static List<String> addresses(Message reply) {
        return reply.getSection(Section.ANSWER).stream().map(Record::rdataToString).sorted().toList();
    }

    private static List<Long> ttls(Message reply, int section) {
        return reply.getSection(section).stream().map(Record::getTTL).distinct().toList();
    }

    private static List<Integer> codes(Message reply) {
        OPTRecord opt = reply.getOPT();
        if (opt == null) {
            return List.of();
        }
        return opt.getOptions(EDNSOption.Code.EDNS_EXTENDED_ERROR).stream()
                .map(option -> ((ExtendedErrorCodeOption) option).getErrorCode())
                .toList();
    }
}
