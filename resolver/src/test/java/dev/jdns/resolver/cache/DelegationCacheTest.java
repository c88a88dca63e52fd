package dev.jdns.resolver.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

class DelegationCacheTest {

    private static final Name ROOT = Name.root;
    private static final Name COM = Name.fromConstantString("com.");
    private static final Name EXAMPLE = Name.fromConstantString("example.com.");
    private static final Name NS1 = Name.fromConstantString("ns1.example.com.");
    private static final Name NS2 = Name.fromConstantString("ns2.example.net.");

    private final FakeTicker clock = new FakeTicker();
    private final DelegationCache cache = new DelegationCache(1 << 20, Duration.ofDays(1), clock);

    @Test
    void closestEnclosingCutIsFoundByWalkingUpTheLabels() throws Exception {
        cache.put(COM, List.of(server("a.gtld.test.", "127.0.0.2")), 3600, Trust.REFERRAL);
        cache.put(EXAMPLE, List.of(server("ns1.example.com.", "127.0.0.3")), 3600, Trust.REFERRAL);

        assertEquals(EXAMPLE, zoneFor("www.a.EXAMPLE.com."));
        assertEquals(EXAMPLE, zoneFor("example.com."));
        assertEquals(COM, zoneFor("other.com."));
        assertEquals(Optional.empty(), cache.closestEnclosing(Name.fromConstantString("example.org.")));
    }

    @Test
    void ttlCountsDownIsCappedAndExpiryFallsBackToTheParent() throws Exception {
        cache.put(COM, List.of(server("a.gtld.test.", "127.0.0.2")), 172_800, Trust.REFERRAL);
        assertEquals(86_400, cache.get(COM).orElseThrow().ttlSeconds(), "capped at the maximum TTL");

        clock.advance(Duration.ofSeconds(86_000));
        assertEquals(400, cache.get(COM).orElseThrow().ttlSeconds());
        cache.put(ROOT, List.of(server("a.root.test.", "127.0.0.1")), 518_400, Trust.REFERRAL);

        clock.advance(Duration.ofSeconds(400));
        assertEquals(ROOT, zoneFor("example.com."));
    }

    @Test
    void theChildsOwnNsSetIsAskedAndAReferralReplacesOnlyTheParentsSide() throws Exception {
        cache.put(EXAMPLE, List.of(server("ns1.example.com.", "127.0.0.3")), 3600, Trust.REFERRAL);
        assertTrue(cache.put(EXAMPLE, List.of(server("ns9.example.com.", "127.0.0.9")), 3600,
                Trust.AUTHORITATIVE_AUTHORITY));
        assertEquals(List.of(InetAddress.getByName("127.0.0.9")), cache.get(EXAMPLE).orElseThrow().addresses());

        assertTrue(cache.put(EXAMPLE, List.of(server("ns2.example.com.", "127.0.0.2")), 3600, Trust.REFERRAL));

        assertEquals(List.of(InetAddress.getByName("127.0.0.9")), cache.get(EXAMPLE).orElseThrow().addresses());
        assertEquals(List.of(InetAddress.getByName("127.0.0.2")), cache.parentSide(EXAMPLE).orElseThrow().addresses());
    }

    @Test
    void aChildNsSetIsKeptOnlyBesideAParentsReferralThatNamesOtherServers() throws Exception {
        assertFalse(cache.put(EXAMPLE, List.of(server("ns9.example.com.", "127.0.0.9")), 3600,
                Trust.AUTHORITATIVE_AUTHORITY), "no referral: nothing bounds its life");
        assertEquals(Optional.empty(), cache.get(EXAMPLE));

        cache.put(EXAMPLE, List.of(NameServer.withoutAddresses(NS1)), 3600, Trust.REFERRAL);
        assertFalse(cache.put(EXAMPLE, List.of(server("ns1.example.com.", "127.0.0.3")), 3600,
                Trust.AUTHORITATIVE_AUTHORITY), "the same names: the parent's side serves");
        assertEquals(Trust.REFERRAL, cache.get(EXAMPLE).orElseThrow().trust());

        assertTrue(cache.put(EXAMPLE, List.of(server("ns9.example.com.", "127.0.0.9")), 3600,
                Trust.AUTHORITATIVE_AUTHORITY));
        cache.put(EXAMPLE, List.of(NameServer.withoutAddresses(NS1)), 3600, Trust.AUTHORITATIVE_AUTHORITY);
        assertEquals(Trust.REFERRAL, cache.get(EXAMPLE).orElseThrow().trust(), "the child moved back to the parent's");
    }

    /** Ghost domain names (CVE-2012-1191): the child's NS TTL, however long and however often renewed, is capped. */
    @Test
    void theChildsNsSetNeverOutlivesTheParentsReferral() throws Exception {
        cache.put(EXAMPLE, List.of(server("ns1.example.com.", "127.0.0.3")), 60, Trust.REFERRAL);
        cache.put(EXAMPLE, List.of(server("ns9.example.com.", "127.0.0.9")), 86_400, Trust.AUTHORITATIVE_AUTHORITY);
        assertEquals(60, cache.get(EXAMPLE).orElseThrow().ttlSeconds());

        clock.advance(Duration.ofSeconds(50));
        cache.put(EXAMPLE, List.of(server("ns9.example.com.", "127.0.0.9")), 86_400, Trust.AUTHORITATIVE_AUTHORITY);
        assertEquals(10, cache.get(EXAMPLE).orElseThrow().ttlSeconds());

        clock.advance(Duration.ofSeconds(10));
        assertEquals(Optional.empty(), cache.get(EXAMPLE));
        assertEquals(Optional.empty(), cache.parentSide(EXAMPLE));
    }

    @Test
    void addressesOfGluelessServersAreAddedWithoutExtendingTheCut() throws Exception {
        cache.put(EXAMPLE, List.of(NameServer.withoutAddresses(NS1), NameServer.withoutAddresses(NS2)), 300,
                Trust.REFERRAL);
        assertEquals(List.of(NS1, NS2), cache.get(EXAMPLE).orElseThrow().namesWithoutAddresses());

        clock.advance(Duration.ofSeconds(200));
        assertTrue(cache.addAddresses(EXAMPLE, NS2, List.of(InetAddress.getByName("127.0.0.4"))));
        assertFalse(cache.addAddresses(EXAMPLE, Name.fromConstantString("unlisted.example."),
                List.of(InetAddress.getByName("127.0.0.5"))));

        Delegation cut = cache.get(EXAMPLE).orElseThrow();
        assertEquals(List.of(NS1), cut.namesWithoutAddresses());
        assertEquals(List.of(InetAddress.getByName("127.0.0.4")), cut.addresses());
        assertEquals(100, cut.ttlSeconds());
        clock.advance(Duration.ofSeconds(100));
        assertEquals(Optional.empty(), cache.get(EXAMPLE));
    }

    @Test
    void aRefreshedNsSetKeepsAddressesAlreadyLearned() throws Exception {
        cache.put(EXAMPLE, List.of(NameServer.withoutAddresses(NS2)), 300, Trust.REFERRAL);
        cache.addAddresses(EXAMPLE, NS2, List.of(InetAddress.getByName("127.0.0.4")));

        cache.put(EXAMPLE, List.of(NameServer.withoutAddresses(NS2), NameServer.withoutAddresses(NS1)), 300,
                Trust.REFERRAL);

        Delegation cut = cache.get(EXAMPLE).orElseThrow();
        assertEquals(List.of(InetAddress.getByName("127.0.0.4")), cut.addresses());
        assertEquals(List.of(NS1), cut.namesWithoutAddresses());
    }

    @Test
    void emptyOrZeroTtlDelegationsAreNotCached() throws Exception {
        assertFalse(cache.put(EXAMPLE, List.of(), 300, Trust.REFERRAL));
        assertFalse(cache.put(EXAMPLE, List.of(NameServer.withoutAddresses(NS1)), 0, Trust.REFERRAL));
        assertEquals(Optional.empty(), cache.get(EXAMPLE));
    }

    private Name zoneFor(String name) {
        return cache.closestEnclosing(Name.fromConstantString(name)).orElseThrow().zone();
    }

    private static NameServer server(String name, String address) throws Exception {
        return new NameServer(Name.fromConstantString(name), List.of(InetAddress.getByName(address)));
    }

    @Test
    void aDelegationWithTooManyNameServersIsNotKept() throws Exception {
        List<NameServer> many = new ArrayList<>();
        for (int i = 0; i <= DelegationCache.MAX_NAME_SERVERS; i++) {
            many.add(server("ns" + i + ".example.com.", "127.0.0.3"));
        }
        assertFalse(cache.put(EXAMPLE, many, 3600, Trust.REFERRAL));
        assertEquals(Optional.empty(), cache.get(EXAMPLE));
        assertTrue(cache.put(EXAMPLE, many.subList(0, DelegationCache.MAX_NAME_SERVERS), 3600, Trust.REFERRAL));
    }

    @Test
    void sizeIsBoundedInBytes() throws Exception {
        long bound = 20_000;
        DelegationCache small = new DelegationCache(bound, Duration.ofDays(1), clock);
        for (int i = 0; i < 500; i++) {
            String zone = "z" + i + ".example.";
            small.put(Name.fromConstantString(zone),
                    List.of(server("ns1." + zone, "127.0.0.3"), server("ns2." + zone, "127.0.0.4")), 3600,
                    Trust.REFERRAL);
        }
        assertTrue(small.estimatedBytes() <= bound, "bytes " + small.estimatedBytes());
        assertTrue(small.estimatedSize() >= 10, "entries " + small.estimatedSize());
    }
}
