package dev.jdns.authoritative.dnssec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.authoritative.LoadedZone;
import dev.jdns.authoritative.ZoneStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** Signatures are made again before they expire (the clock is moved, never waited for), and on reload. */
class SignatureRefreshTest {

    private static final Instant START = Instant.parse("2026-12-01T00:00:00Z");
    private static final Name WWW = Name.fromConstantString("www.signed.example.");

    @TempDir
    Path dir;

    private final SigningFixtures.MovableInstant clock = new SigningFixtures.MovableInstant(START);

    @Test
    void signaturesAreRenewedOnceLessThanAThirdOfTheirValidityRemains() throws Exception {
        OnlineSigning signing = signing();
        ZoneStore store = store(signing);
        LoadedZone first = zone(store);
        assertEquals(START.plus(Duration.ofDays(14)), soaSignature(first).getExpire());
        assertEquals(START.minus(Duration.ofHours(1)), soaSignature(first).getTimeSigned());

        clock.advance(Duration.ofDays(9)); // 5 days left: more than a third of 14
        assertFalse(store.prepareAgain(signing::due));
        assertEquals(first.soa().getSerial(), zone(store).soa().getSerial());

        clock.advance(Duration.ofDays(1)); // 4 days left
        assertTrue(store.prepareAgain(signing::due));

        LoadedZone renewed = zone(store);
        assertEquals(START.plus(Duration.ofDays(24)), soaSignature(renewed).getExpire());
        assertEquals(first.soa().getSerial() + 1, renewed.soa().getSerial(), "secondaries must see the change");
        assertVerifies(renewed, WWW, Type.A, clock.instant().plus(Duration.ofDays(13)));
    }

    @Test
    void expiredSignaturesAreReplaced() throws Exception {
        OnlineSigning signing = signing();
        ZoneStore store = store(signing);

        clock.advance(Duration.ofDays(30));
        assertTrue(store.prepareAgain(signing::due));

        assertVerifies(zone(store), WWW, Type.A, clock.instant());
    }

    @Test
    void aReloadedZoneIsSignedAgainWithItsNewData() throws Exception {
        OnlineSigning signing = signing();
        ZoneStore store = store(signing);
        Path file = dir.resolve("signed.example.zone");
        Name added = Name.fromConstantString("added.signed.example.");
        Files.writeString(file, SigningFixtures.ZONE.replace("2026120601", "2026120700")
                + "added 3600 IN A 192.0.2.99\n");

        assertTrue(store.reload(true));

        LoadedZone reloaded = zone(store);
        assertEquals(2026120700L, reloaded.soa().getSerial(), "a newer file serial is taken as it is");
        assertVerifies(reloaded, added, Type.A, clock.instant());
        assertVerifies(reloaded, added, Type.NSEC, clock.instant());
    }

    @Test
    void aZoneThatCannotBeSignedKeepsItsLastSignedCopyInService() throws Exception {
        OnlineSigning signing = signing();
        ZoneStore store = store(signing);
        LoadedZone inService = zone(store);
        try (var keys = Files.list(dir.resolve("state/keys"))) {
            for (Path key : keys.filter(p -> p.toString().endsWith(".private")).toList()) {
                Files.writeString(key, "Private-key-format: v1.3\nAlgorithm: 13 (ECDSAP256SHA256)\n");
            }
        }

        assertFalse(store.reload(true), "the reload fails: the key cannot be read");
        clock.advance(Duration.ofDays(10));
        assertFalse(store.prepareAgain(signing::due), "so does the refresh");

        assertSame(inService, zone(store), "the signed copy in service stays");
    }

    private OnlineSigning signing() {
        return new OnlineSigning(new OnlineSigning.Selection(false, Set.of(SigningFixtures.ORIGIN)),
                dir.resolve("state"), KeyLayout.CSK, Denial.NSEC, SignaturePolicy.DEFAULT, clock);
    }

    private ZoneStore store(OnlineSigning signing) throws Exception {
        Path file = dir.resolve("signed.example.zone");
        Files.writeString(file, SigningFixtures.ZONE);
        return ZoneStore.load(List.of(file), Duration.ZERO, System::nanoTime, signing);
    }

    private static LoadedZone zone(ZoneStore store) {
        return store.get().zone(SigningFixtures.ORIGIN).orElseThrow();
    }

    private static RRSIGRecord soaSignature(LoadedZone zone) {
        return signatures(zone, zone.origin(), Type.SOA).get(0);
    }

    private static List<RRSIGRecord> signatures(LoadedZone zone, Name owner, int type) {
        return zone.rrset(owner, Type.RRSIG).orElseThrow().records().stream()
                .map(r -> (RRSIGRecord) r)
                .filter(sig -> sig.getTypeCovered() == type)
                .toList();
    }

    /** The RRset verifies with the zone's own DNSKEY at {@code when}. */
    private static void assertVerifies(LoadedZone zone, Name owner, int type, Instant when) throws Exception {
        RRset rrset = new RRset(zone.rrset(owner, type).orElseThrow().records());
        List<RRSIGRecord> sigs = signatures(zone, owner, type);
        assertEquals(1, sigs.size());
        Record key = zone.rrset(zone.origin(), Type.DNSKEY).orElseThrow().first();
        DNSSEC.verify(rrset, sigs.get(0), (org.xbill.DNS.DNSKEYRecord) key, when);
    }
}
