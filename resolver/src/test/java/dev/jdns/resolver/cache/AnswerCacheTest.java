package dev.jdns.resolver.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

class AnswerCacheTest {

    private static final Name WWW = Name.fromConstantString("www.example.");
    private static final Name ZONE = Name.fromConstantString("example.");

    private final FakeTicker clock = new FakeTicker();
    private final AnswerCache cache = new AnswerCache(AnswerCacheConfig.DEFAULTS, clock);

    @Test
    void ttlCountsDownAndTheEntryExpiresWhenItRunsOut() throws Exception {
        assertTrue(cache.putRRset(rrset(WWW, 300, "192.0.2.1"), Trust.AUTHORITATIVE_ANSWER));
        assertEquals(300, positiveTtl(WWW));

        clock.advance(Duration.ofSeconds(100));
        assertEquals(200, positiveTtl(WWW));

        clock.advance(Duration.ofMillis(199_900));
        assertEquals(1, positiveTtl(WWW), "never 0 while the entry lives");

        clock.advance(Duration.ofMillis(100));
        assertEquals(Optional.empty(), cache.lookup(WWW, Type.A, DClass.IN));
    }

    /** A wildcard expansion's NSEC proof (RFC 4035 §5.3.4) comes back with it, its TTL counted down alike. */
    @Test
    void proofsKeptWithAnRRsetComeBackWithIt() throws Exception {
        Record nsec = new NSECRecord(Name.fromConstantString("*.example."), DClass.IN, 300, ZONE,
                new int[] {Type.A, Type.RRSIG, Type.NSEC});
        assertTrue(cache.putRRset(rrset(WWW, 300, "192.0.2.1"), Trust.AUTHORITATIVE_ANSWER, List.of(nsec)));
        clock.advance(Duration.ofSeconds(100));
        CachedAnswer.Positive hit = (CachedAnswer.Positive) cache.lookup(WWW, Type.A, DClass.IN).orElseThrow();
        assertEquals(1, hit.proofs().size());
        assertEquals(nsec.rdataToString(), hit.proofs().getFirst().rdataToString());
        assertEquals(200, hit.proofs().getFirst().getTTL());
        assertTrue(cache.putRRset(rrset(ZONE, 300, "192.0.2.2"), Trust.AUTHORITATIVE_ANSWER));
        assertEquals(List.of(), ((CachedAnswer.Positive) cache.lookup(ZONE, Type.A, DClass.IN).orElseThrow())
                .proofs());
    }

    @Test
    void ttlsAreClampedToTheConfiguredRange() throws Exception {
        AnswerCache clamped = new AnswerCache(new AnswerCacheConfig(1 << 20, Duration.ofSeconds(60),
                Duration.ofSeconds(600), Duration.ofHours(1), Duration.ofSeconds(5)), clock);
        Name low = Name.fromConstantString("low.example.");
        clamped.putRRset(rrset(low, 10, "192.0.2.1"), Trust.AUTHORITATIVE_ANSWER);
        clamped.putRRset(rrset(WWW, 86_400, "192.0.2.2"), Trust.AUTHORITATIVE_ANSWER);

        assertEquals(60, ttlIn(clamped, low));
        assertEquals(600, ttlIn(clamped, WWW));
        clock.advance(Duration.ofSeconds(600));
        assertEquals(Optional.empty(), clamped.lookup(WWW, Type.A, DClass.IN));
    }

    @Test
    void zeroTtlIsNotCached() throws Exception {
        assertFalse(cache.putRRset(rrset(WWW, 0, "192.0.2.1"), Trust.AUTHORITATIVE_ANSWER));
        assertEquals(Optional.empty(), cache.lookup(WWW, Type.A, DClass.IN));
    }

    @Test
    void namesMatchCaseInsensitivelyAndKeepTheirCase() throws Exception {
        cache.putRRset(rrset(Name.fromConstantString("WWW.Example."), 300, "192.0.2.1"),
                Trust.AUTHORITATIVE_ANSWER);

        CachedAnswer.Positive hit = (CachedAnswer.Positive) cache.lookup(WWW, Type.A, DClass.IN).orElseThrow();
        assertEquals("WWW.Example.", hit.rrset().getName().toString());
        assertEquals(Optional.empty(), cache.lookup(WWW, Type.AAAA, DClass.IN));
        assertEquals(Optional.empty(), cache.lookup(WWW, Type.A, DClass.CH));
    }

    @Test
    void nxDomainCoversEveryTypeForTheSmallerOfSoaTtlAndMinimum() throws Exception {
        assertTrue(cache.putNxDomain(WWW, DClass.IN, soa(3600, 300)));

        CachedAnswer.NxDomain nx = assertInstanceOf(CachedAnswer.NxDomain.class,
                cache.lookup(WWW, Type.MX, DClass.IN).orElseThrow());
        assertEquals(300, nx.soa().getTTL());
        clock.advance(Duration.ofSeconds(120));
        nx = (CachedAnswer.NxDomain) cache.lookup(WWW, Type.A, DClass.IN).orElseThrow();
        assertEquals(180, nx.soa().getTTL());
        clock.advance(Duration.ofSeconds(180));
        assertEquals(Optional.empty(), cache.lookup(WWW, Type.A, DClass.IN));
    }

    @Test
    void noDataCoversOnlyItsTypeAndUsesTheSoaTtlWhenSmaller() throws Exception {
        assertTrue(cache.putNoData(WWW, Type.AAAA, DClass.IN, soa(60, 3600)));

        CachedAnswer.NoData noData = assertInstanceOf(CachedAnswer.NoData.class,
                cache.lookup(WWW, Type.AAAA, DClass.IN).orElseThrow());
        assertEquals(60, noData.soa().getTTL());
        assertEquals(Optional.empty(), cache.lookup(WWW, Type.A, DClass.IN));
    }

    @Test
    void negativeTtlIsCappedAtOneHour() throws Exception {
        cache.putNoData(WWW, Type.AAAA, DClass.IN, soa(86_400, 86_400));

        CachedAnswer.NoData noData = (CachedAnswer.NoData) cache.lookup(WWW, Type.AAAA, DClass.IN).orElseThrow();
        assertEquals(3600, noData.soa().getTTL());
    }

    @Test
    void negativeAnswersNeedAnSoaOfAnEnclosingZone() throws Exception {
        assertFalse(cache.putNxDomain(WWW, DClass.IN, null));
        SOARecord elsewhere = new SOARecord(Name.fromConstantString("other."), DClass.IN, 3600,
                Name.fromConstantString("ns.other."), Name.fromConstantString("admin.other."), 1, 2, 3, 4, 300);
        assertFalse(cache.putNoData(WWW, Type.A, DClass.IN, elsewhere));
        assertEquals(Optional.empty(), cache.lookup(WWW, Type.A, DClass.IN));
    }

    @Test
    void servFailIsRememberedBrieflyAndNeverHidesData() throws Exception {
        cache.putServFail(WWW, Type.A, DClass.IN);
        assertInstanceOf(CachedAnswer.ServFail.class, cache.lookup(WWW, Type.A, DClass.IN).orElseThrow());
        clock.advance(AnswerCacheConfig.DEFAULT_SERVFAIL_TTL);
        assertEquals(Optional.empty(), cache.lookup(WWW, Type.A, DClass.IN));

        cache.putServFail(WWW, Type.A, DClass.IN);
        cache.putRRset(rrset(WWW, 300, "192.0.2.1"), Trust.NON_AUTHORITATIVE_ANSWER);
        cache.putServFail(WWW, Type.A, DClass.IN);
        assertInstanceOf(CachedAnswer.Positive.class, cache.lookup(WWW, Type.A, DClass.IN).orElseThrow());
    }

    @Test
    void glueNeverOverwritesAnAuthoritativeAnswerAndIsNoAnswerItself() throws Exception {
        Name ns = Name.fromConstantString("ns1.example.");
        cache.putRRset(rrset(ns, 300, "192.0.2.53"), Trust.ADDITIONAL);
        assertEquals(Optional.empty(), cache.lookup(ns, Type.A, DClass.IN), "glue is not answer-grade");
        assertEquals(300, ((CachedAnswer.Positive) cache.lookup(ns, Type.A, DClass.IN, Trust.ADDITIONAL)
                .orElseThrow()).rrset().getTTL());

        assertTrue(cache.putRRset(rrset(ns, 3600, "192.0.2.1"), Trust.AUTHORITATIVE_ANSWER));
        clock.advance(Duration.ofSeconds(100));
        assertFalse(cache.putRRset(rrset(ns, 300, "198.51.100.66"), Trust.ADDITIONAL));

        CachedAnswer.Positive hit = (CachedAnswer.Positive) cache.lookup(ns, Type.A, DClass.IN).orElseThrow();
        assertEquals("192.0.2.1", ((ARecord) hit.rrset().first()).getAddress().getHostAddress());
        assertEquals(Trust.AUTHORITATIVE_ANSWER, hit.trust());
        assertEquals(3500, hit.rrset().getTTL(), "the refused update did not reset the deadline either");
    }

    @Test
    void authoritativeDataForTheNameReplacesAnOlderNxDomain() throws Exception {
        cache.putNxDomain(WWW, DClass.IN, soa(3600, 3600));
        cache.putRRset(rrset(WWW, 300, "192.0.2.66"), Trust.ADDITIONAL);
        assertInstanceOf(CachedAnswer.NxDomain.class, cache.lookup(WWW, Type.A, DClass.IN).orElseThrow());

        cache.putRRset(rrset(WWW, 300, "192.0.2.1"), Trust.AUTHORITATIVE_ANSWER);
        assertInstanceOf(CachedAnswer.Positive.class, cache.lookup(WWW, Type.A, DClass.IN).orElseThrow());
    }

    @Test
    void sizeIsBoundedInBytes() throws Exception {
        long bound = 50_000;
        AnswerCache small = new AnswerCache(new AnswerCacheConfig(bound, Duration.ZERO, Duration.ofDays(1),
                Duration.ofHours(1), Duration.ofSeconds(5)), clock);
        for (int i = 0; i < 500; i++) {
            small.putRRset(rrset(Name.fromConstantString("h" + i + ".example."), 300, "192.0.2.1"),
                    Trust.AUTHORITATIVE_ANSWER);
        }
        assertTrue(small.estimatedBytes() <= bound, "bytes " + small.estimatedBytes());
        assertTrue(small.estimatedSize() >= 50, "small entries weigh little: " + small.estimatedSize());
    }

    /**
     * The flood, in process: distinct names each answered with an RRset just under the size limit. An entry
     * count let them take any amount of heap; the weight (estimated heap bytes) never passes the bound.
     */
    @Test
    void largeRRsetsUnderDistinctNamesNeverPassTheByteBound() throws Exception {
        long bound = 4L << 20;
        AnswerCache cache = new AnswerCache(new AnswerCacheConfig(bound, Duration.ZERO, Duration.ofDays(1),
                Duration.ofHours(1), Duration.ofSeconds(5)), clock);
        for (int i = 0; i < 1000; i++) {
            RRset large = txt(Name.fromConstantString("n" + i + ".flood.example."), 55, 250);
            assertTrue(HeapEstimate.wireLength(large) <= AnswerCache.MAX_RRSET_OCTETS);
            cache.putRRset(large, Trust.AUTHORITATIVE_ANSWER);
            assertTrue(cache.estimatedBytes() <= bound, "bytes " + cache.estimatedBytes() + " after " + (i + 1));
        }
        assertTrue(cache.estimatedSize() < 300, cache.estimatedSize() + " entries of ~25 KB in 4 MiB");
    }

    @Test
    void anRRsetOverTheSizeLimitIsNotKept() throws Exception {
        Name name = Name.fromConstantString("big.example.");
        RRset huge = txt(name, 240, 250); // about 63 KB, the size of an attacker's wildcard TXT that once exhausted the heap
        assertTrue(HeapEstimate.wireLength(huge) > AnswerCache.MAX_RRSET_OCTETS);
        assertFalse(cache.putRRset(huge, Trust.AUTHORITATIVE_ANSWER));
        assertEquals(Optional.empty(), cache.lookup(name, Type.TXT, DClass.IN));
        assertTrue(cache.putRRset(txt(name, 4, 250), Trust.AUTHORITATIVE_ANSWER), "a normal TXT set is kept");
    }

    private static RRset txt(Name name, int records, int octets) {
        RRset rrset = new RRset();
        for (int i = 0; i < records; i++) {
            String text = i + "x".repeat(octets);
            rrset.addRR(new TXTRecord(name, DClass.IN, 300, text.substring(0, octets)));
        }
        return rrset;
    }

    private long positiveTtl(Name name) {
        return ttlIn(cache, name);
    }

    private static long ttlIn(AnswerCache in, Name name) {
        CachedAnswer.Positive hit = (CachedAnswer.Positive) in.lookup(name, Type.A, DClass.IN).orElseThrow();
        for (Record record : hit.rrset().rrs(false)) {
            assertEquals(hit.rrset().getTTL(), record.getTTL());
        }
        return hit.rrset().getTTL();
    }

    static RRset rrset(Name name, long ttl, String... addresses) throws Exception {
        RRset rrset = new RRset();
        for (String address : addresses) {
            rrset.addRR(new ARecord(name, DClass.IN, ttl, InetAddress.getByName(address)));
        }
        return rrset;
    }

    private static SOARecord soa(long ttl, long minimum) {
        return new SOARecord(ZONE, DClass.IN, ttl, Name.fromConstantString("ns1.example."),
                Name.fromConstantString("hostmaster.example."), 2024010101, 7200, 3600, 1_209_600, minimum);
    }
}
