package dev.jdns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.resolver.core.ResolutionLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * TsuNAME (a cyclic NS dependency: {@code cycle.test.} is served by {@code ns.cycle.lab.} and {@code cycle.lab.} by
 * {@code ns.cycle.test.}, neither with glue) through real {@code jdns serve} parents on loopback: the failure is
 * remembered for the zone cuts (RFC 9520 §3.3), so clients asking again cost the parents nothing until the backoff
 * ends.
 */
class CyclicDelegationTest {

    /** Names into the cycle a client asks after the first: the same name, other names, both sides of the cycle. */
    private static final List<String> MORE_NAMES = List.of("www.cycle.test.", "mail.cycle.test.",
            "a.b.cycle.test.", "cycle.test.", "www.cycle.lab.", "ns.cycle.lab.", "ns.cycle.test.",
            "x1.cycle.test.", "x2.cycle.lab.", "www.cycle.test.");

    @TempDir
    Path dir;
    private final MovableClock clock = new MovableClock();
    private LoopbackHierarchy hierarchy;
    private ResolverService resolver;

    @BeforeEach
    void start() throws Exception {
        hierarchy = LoopbackHierarchy.start(dir);
        resolver = ResolverService.against(hierarchy, clock);
    }

    @AfterEach
    void stop() {
        if (resolver != null) {
            resolver.close();
        }
        if (hierarchy != null) {
            hierarchy.close();
        }
    }

    @Test
    void repeatedQueriesIntoACycleCostTheParentsNothingUntilTheBackoffEnds() throws Exception {
        assertEquals(Rcode.SERVFAIL, resolver.ask("www.cycle.test.", Type.A).getRcode());
        int afterFirst = parentQueries();
        assertTrue(afterFirst <= ResolutionLimits.DEFAULT_MAX_UPSTREAM_QUERIES, "the first query is bounded");

        for (String name : MORE_NAMES) {
            assertEquals(Rcode.SERVFAIL, resolver.ask(name, Type.A).getRcode(), name);
        }
        assertEquals(afterFirst, parentQueries(), "10 more client queries into the cycle, no parent query");

        clock.advance(Duration.ofSeconds(10)); // past the first backoff and the SERVFAIL kept for the question
        assertEquals(Rcode.SERVFAIL, resolver.ask("www.cycle.test.", Type.A).getRcode());
        assertTrue(parentQueries() > afterFirst, "once the backoff is over the delegation is tried again");
    }

    /** Queries received by the servers of the zones above the cycle: the root, test. and lab. */
    private int parentQueries() {
        return List.of(HierarchyZones.ROOT, HierarchyZones.TLD_TEST, HierarchyZones.TLD_LAB).stream()
                .mapToInt(host -> hierarchy.udpQueriesAt(host) + hierarchy.tcpQueriesAt(host))
                .sum();
    }
}
