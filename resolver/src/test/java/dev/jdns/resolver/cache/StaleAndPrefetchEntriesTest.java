package dev.jdns.resolver.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/** The answer cache's side of serve-stale (RFC 8767) and prefetch, on a moved clock. */
class StaleAndPrefetchEntriesTest {

    private static final Name WWW = Name.fromConstantString("www.example.");
    private static final Name ZONE = Name.fromConstantString("example.");
    private static final Duration WINDOW = Duration.ofMinutes(10);

    private final FakeTicker clock = new FakeTicker();
    private final AnswerCache cache = new AnswerCache(AnswerCacheConfig.DEFAULTS.withStaleWindow(WINDOW), clock);

    @Test
    void expiredDataIsOnlyAStaleAnswerAndOnlyWithinTheWindow() throws Exception {
        cache.putRRset(a(WWW, 300, "192.0.2.1"), Trust.AUTHORITATIVE_ANSWER);
        assertEquals(Optional.empty(), cache.lookupStale(WWW, Type.A, DClass.IN, 30), "live data is not stale");

        clock.advance(Duration.ofSeconds(300));
        assertEquals(Optional.empty(), cache.lookup(WWW, Type.A, DClass.IN), "expired data is never live");
        CachedAnswer.Positive stale = assertInstanceOf(CachedAnswer.Positive.class,
                cache.lookupStale(WWW, Type.A, DClass.IN, 30).orElseThrow());
        assertEquals(30, stale.rrset().getTTL());

        clock.advance(WINDOW.minusMillis(1));
        assertTrue(cache.lookupStale(WWW, Type.A, DClass.IN, 30).isPresent());
        clock.advance(Duration.ofMillis(1));
        assertEquals(Optional.empty(), cache.lookupStale(WWW, Type.A, DClass.IN, 30), "past the window: gone");
        assertEquals(0, cache.estimatedSize());
    }

    @Test
    void withoutServeStaleExpiredDataIsDropped() throws Exception {
        AnswerCache plain = new AnswerCache(AnswerCacheConfig.DEFAULTS, clock);
        plain.putRRset(a(WWW, 300, "192.0.2.1"), Trust.AUTHORITATIVE_ANSWER);
        clock.advance(Duration.ofSeconds(300));
        assertEquals(Optional.empty(), plain.lookupStale(WWW, Type.A, DClass.IN, 30));
        assertEquals(0, plain.estimatedSize());
    }

    @Test
    void aFailureKeepsTheStaleDataAndNewDataOfAnyTrustReplacesIt() throws Exception {
        cache.putRRset(a(WWW, 300, "192.0.2.1"), Trust.AUTHORITATIVE_ANSWER);
        clock.advance(Duration.ofSeconds(301));

        cache.putServFail(WWW, Type.A, DClass.IN);
        assertTrue(cache.lookupStale(WWW, Type.A, DClass.IN, 30).isPresent(), "a failure is no reason to forget");

        assertTrue(cache.putRRset(a(WWW, 300, "192.0.2.2"), Trust.ADDITIONAL), "expired data protects nothing");
        assertEquals("192.0.2.2", ((CachedAnswer.Positive) cache.lookup(WWW, Type.A, DClass.IN, Trust.ADDITIONAL)
                .orElseThrow()).rrset().first().rdataToString());
    }

    @Test
    void aStaleNxDomainIsGivenForEveryType() throws Exception {
        cache.putNxDomain(WWW, DClass.IN, soa());
        clock.advance(Duration.ofSeconds(301));
        CachedAnswer.NxDomain nx = assertInstanceOf(CachedAnswer.NxDomain.class,
                cache.lookupStale(WWW, Type.MX, DClass.IN, 30).orElseThrow());
        assertEquals(30, nx.soa().getTTL());
    }

    @Test
    void aPrefetchIsClaimedOnceInTheLastTenthOfEachStoredLifetime() throws Exception {
        cache.putRRset(a(WWW, 100, "192.0.2.1"), Trust.AUTHORITATIVE_ANSWER);
        clock.advance(Duration.ofMillis(89_999));
        assertFalse(cache.claimPrefetch(WWW, Type.A, DClass.IN), "not before 90 % of the TTL");
        clock.advance(Duration.ofMillis(1));
        assertTrue(cache.claimPrefetch(WWW, Type.A, DClass.IN));
        assertFalse(cache.claimPrefetch(WWW, Type.A, DClass.IN), "one prefetch per stored entry");
        assertEquals(10, ((CachedAnswer.Positive) cache.lookup(WWW, Type.A, DClass.IN).orElseThrow())
                .rrset().getTTL(), "claiming leaves the deadline alone");

        cache.putRRset(a(WWW, 100, "192.0.2.1"), Trust.AUTHORITATIVE_ANSWER); // the refresh's answer
        assertFalse(cache.claimPrefetch(WWW, Type.A, DClass.IN));
        clock.advance(Duration.ofSeconds(90));
        assertTrue(cache.claimPrefetch(WWW, Type.A, DClass.IN), "the refreshed entry has its own last tenth");
        clock.advance(Duration.ofSeconds(10));
        assertFalse(cache.claimPrefetch(WWW, Type.A, DClass.IN), "expired data is not prefetched");
    }

    private static RRset a(Name name, long ttl, String address) throws Exception {
        return new RRset(new ARecord(name, DClass.IN, ttl, InetAddress.getByName(address)));
    }

    private static SOARecord soa() {
        return new SOARecord(ZONE, DClass.IN, 300, Name.fromConstantString("ns1.example."),
                Name.fromConstantString("hostmaster.example."), 1, 7200, 3600, 1_209_600, 300);
    }
}
