package dev.jdns.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.resolver.core.ResolutionEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** What the pipeline does with time: TTLs count down, entries expire, failures are remembered briefly. */
class CacheBehaviourTest {

    @TempDir
    Path dir;
    private SimulatedHierarchy net;

    @BeforeEach
    void build() throws IOException {
        // The cache's own expiry; a hit in the last tenth would start a prefetch, which other tests cover.
        net = new SimulatedHierarchy(dir).refreshPolicy(RefreshPolicy.DEFAULTS.withPrefetch(false));
    }

    @AfterEach
    void stop() throws IOException {
        net.close();
    }

    @Test
    void ttlCountsDownAndExpiryTriggersANewUpstreamQuery() throws IOException {
        net.ask("www.example.test.");
        net.ticker.advance(Duration.ofSeconds(100));

        Resolution cached = net.ask("www.example.test.");
        assertEquals(200, cached.answer().get(0).getTTL());
        assertEquals(1, net.upstreams.queriesAt(SimulatedHierarchy.EXAMPLE_TEST));

        net.ticker.advance(Duration.ofSeconds(201));
        Resolution fresh = net.ask("www.example.test.");
        assertEquals(300, fresh.answer().get(0).getTTL());
        assertEquals(2, net.upstreams.queriesAt(SimulatedHierarchy.EXAMPLE_TEST));
        assertEquals(List.of(". NS", "test. A"), net.upstreams.questionsAt(SimulatedHierarchy.ROOT),
                "the delegations are still cached");
    }

    @Test
    void nxdomainIsCachedForTheSoaDerivedTtlOnly() throws IOException {
        net.ask("nothing.example.test.");
        net.ticker.advance(Duration.ofSeconds(59));
        Resolution cached = net.ask("nothing.example.test.");
        assertEquals(Rcode.NXDOMAIN, cached.rcode());
        assertEquals(1, cached.authority().get(0).getTTL());
        assertEquals(1, net.upstreams.queriesAt(SimulatedHierarchy.EXAMPLE_TEST));

        net.ticker.advance(Duration.ofSeconds(2));
        assertEquals(Rcode.NXDOMAIN, net.ask("nothing.example.test.").rcode());
        assertEquals(2, net.upstreams.queriesAt(SimulatedHierarchy.EXAMPLE_TEST));
    }

    @Test
    void nxdomainCoversEveryTypeOfTheName() throws IOException {
        net.ask("nothing.example.test.", Type.A);
        assertEquals(Rcode.NXDOMAIN, net.ask("nothing.example.test.", Type.MX).rcode());
        assertEquals(1, net.upstreams.queriesAt(SimulatedHierarchy.EXAMPLE_TEST));
    }

    @Test
    void nodataIsCachedForItsTypeUntilTheSoaDerivedTtl() throws IOException {
        net.ask("txtonly.example.test.", Type.A);
        net.ticker.advance(Duration.ofSeconds(30));
        Resolution cached = net.ask("txtonly.example.test.", Type.A);
        assertTrue(cached.answer().isEmpty());
        assertEquals(30, cached.authority().get(0).getTTL());
        assertEquals(1, net.upstreams.queriesAt(SimulatedHierarchy.EXAMPLE_TEST));

        net.ask("txtonly.example.test.", Type.TXT);
        assertEquals(2, net.upstreams.queriesAt(SimulatedHierarchy.EXAMPLE_TEST), "other types are not covered");

        net.ticker.advance(Duration.ofSeconds(31));
        net.ask("txtonly.example.test.", Type.A);
        assertEquals(3, net.upstreams.queriesAt(SimulatedHierarchy.EXAMPLE_TEST));
    }

    @Test
    void aChainOfTwelveAliasesIsFollowedAndThirteenIsServfail() throws IOException {
        Resolution twelve = net.ask("twelve0.example.test.");
        assertEquals(Rcode.NOERROR, twelve.rcode());
        assertEquals(13, twelve.answer().size(), "12 CNAMEs and the address");

        assertEquals(Rcode.SERVFAIL, net.ask("thirteen0.example.test.").rcode());
    }

    @Test
    void aFailureIsRememberedBrieflyAndThenRetried() throws IOException {
        net.resolver();
        net.upstreams.close(); // every server unreachable: ICMP port unreachable, at once

        Resolution failed = net.ask("www.example.test.");
        assertEquals(Rcode.SERVFAIL, failed.rcode());
        long queriesAfterFailure = countUpstreamEvents();

        assertEquals(Rcode.SERVFAIL, net.ask("www.example.test.").rcode());
        assertEquals(queriesAfterFailure, countUpstreamEvents(), "the cached failure answers (RFC 9520)");

        net.ticker.advance(Duration.ofSeconds(6));
        net.ask("www.example.test.");
        assertTrue(countUpstreamEvents() > queriesAfterFailure, "retried after the failure TTL");
    }

    private long countUpstreamEvents() {
        return net.events.stream()
                .filter(event -> event instanceof ResolutionEvent.UpstreamFailure
                        || event instanceof ResolutionEvent.UpstreamReply)
                .count();
    }
}
