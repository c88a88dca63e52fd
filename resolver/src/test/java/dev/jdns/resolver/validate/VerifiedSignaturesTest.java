package dev.jdns.resolver.validate;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.resolver.cache.FakeTicker;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;

/**
 * The verified-signature cache through the path dnsjava's validator takes ({@code DNSSEC.verify} and the JCA): a
 * repeated (RRset, RRSIG, DNSKEY) is not verified again, anything else is, and an expired signature is refused
 * whatever was remembered. The budget of one verification makes every real verification visible: a second one fails.
 */
class VerifiedSignaturesTest {

    private static final Name ZONE = Name.fromConstantString("example.");
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final Instant EXPIRES = NOW.plus(Duration.ofDays(7));

    private static KeyPair pair;
    private static DNSKEYRecord key;

    private final FakeTicker ticker = new FakeTicker();
    private final VerifiedSignatures verified =
            new VerifiedSignatures(100, ticker, Clock.fixed(NOW, ZoneOffset.UTC));

    @BeforeAll
    static void makeKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        pair = generator.generateKeyPair();
        key = new DNSKEYRecord(ZONE, DClass.IN, 3600, 256, 3, DNSSEC.Algorithm.ECDSAP256SHA256, pair.getPublic());
    }

    @Test
    void theSameSignedRRsetIsVerifiedOnce() throws Exception {
        RRset rrset = rrset("*.example.", "192.0.2.1");
        RRSIGRecord sig = sign(rrset);
        try (SignatureChecks checks = SignatureChecks.open(verified, 1)) {
            DNSSEC.verify(rrset, sig, key, NOW);
            assertDoesNotThrow(() -> DNSSEC.verify(rrset, sig, key, NOW), "the second time comes from the cache");
            assertDoesNotThrow(() -> DNSSEC.verify(rrset("*.example.", "192.0.2.1"), sig, key, NOW),
                    "an equal RRset built again is the same signed data");
            assertDoesNotThrow(() -> DNSSEC.verify(rrset("new-name.example.", "192.0.2.1"), sig, key, NOW),
                    "another expansion of the wildcard is signed as the wildcard (RFC 4035 §5.3.2)");
            assertFalse(checks.exhausted());
        }
        assertEquals(1, verified.size());
    }

    @Test
    void aChangedRRsetIsVerifiedAgainAndFails() throws Exception {
        RRset rrset = rrset("*.example.", "192.0.2.1");
        RRSIGRecord sig = sign(rrset);
        try (SignatureChecks checks = SignatureChecks.open(verified, 2)) {
            DNSSEC.verify(rrset, sig, key, NOW);
            assertThrows(DNSSEC.SignatureVerificationException.class,
                    () -> DNSSEC.verify(rrset("*.example.", "192.0.2.66"), sig, key, NOW));
            assertFalse(checks.exhausted(), "refused by the verification itself, not the budget");
            assertThrows(DNSSEC.DNSSECException.class,
                    () -> DNSSEC.verify(rrset("*.example.", "192.0.2.67"), sig, key, NOW));
            assertTrue(checks.exhausted(), "each changed RRset is a real verification: the third is over budget");
            assertDoesNotThrow(() -> DNSSEC.verify(rrset, sig, key, NOW), "the verified one is still known");
        }
    }

    @Test
    void anotherKeyOrSignatureIsAnotherEntry() throws Exception {
        byte[] data = {1, 2, 3};
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        var otherKey = generator.generateKeyPair().getPublic();
        var fingerprint = VerifiedSignatures.Fingerprint.of("SHA256withECDSA", pair.getPublic(), data, new byte[] {9});
        assertEquals(fingerprint,
                VerifiedSignatures.Fingerprint.of("SHA256withECDSA", pair.getPublic(), data.clone(), new byte[] {9}));
        assertFalse(fingerprint.equals(
                VerifiedSignatures.Fingerprint.of("SHA256withECDSA", otherKey, data, new byte[] {9})));
        assertFalse(fingerprint.equals(
                VerifiedSignatures.Fingerprint.of("SHA256withECDSA", pair.getPublic(), data, new byte[] {8})));
        assertFalse(fingerprint.equals(
                VerifiedSignatures.Fingerprint.of("SHA384withECDSA", pair.getPublic(), data, new byte[] {9})));
    }

    @Test
    void anExpiredSignatureIsRefusedThoughRemembered() throws Exception {
        RRset rrset = rrset("*.example.", "192.0.2.1");
        RRSIGRecord sig = sign(rrset);
        try (SignatureChecks checks = SignatureChecks.open(verified, 1)) {
            DNSSEC.verify(rrset, sig, key, NOW);
            assertThrows(DNSSEC.SignatureExpiredException.class,
                    () -> DNSSEC.verify(rrset, sig, key, EXPIRES.plusSeconds(1)));
        }
    }

    @Test
    void anEntryGoesAfterTheOriginalTtlAndTheSignatureIsVerifiedAgain() throws Exception {
        RRset rrset = rrset("*.example.", "192.0.2.1");
        RRSIGRecord sig = sign(rrset);
        AtomicInteger verifications = new AtomicInteger();
        byte[] data = DNSSEC.digestRRset(sig, rrset);
        var fingerprint = VerifiedSignatures.Fingerprint.of("SHA256withECDSA", pair.getPublic(), data, new byte[1]);
        try (SignatureChecks checks = SignatureChecks.open(verified, 10)) {
            SignatureChecks.Verification counted = () -> verifications.incrementAndGet() > 0;
            checks.verify("SHA256withECDSA", pair.getPublic(), data, new byte[1], counted);
            ticker.advance(Duration.ofSeconds(299));
            checks.verify("SHA256withECDSA", pair.getPublic(), data, new byte[1], counted);
            assertEquals(1, verifications.get(), "within the original TTL (300 s)");
            ticker.advance(Duration.ofSeconds(2));
            assertFalse(verified.known(fingerprint));
            checks.verify("SHA256withECDSA", pair.getPublic(), data, new byte[1], counted);
            assertEquals(2, verifications.get(), "past it, verified again");
        }
    }

    @Test
    void failedVerificationsAreNotRemembered() throws Exception {
        AtomicInteger verifications = new AtomicInteger();
        RRset rrset = rrset("*.example.", "192.0.2.1");
        byte[] data = DNSSEC.digestRRset(sign(rrset), rrset);
        try (SignatureChecks checks = SignatureChecks.open(verified, 10)) {
            for (int i = 0; i < 3; i++) {
                assertFalse(checks.verify("SHA256withECDSA", pair.getPublic(), data, new byte[1], () -> {
                    verifications.incrementAndGet();
                    return false;
                }));
            }
        }
        assertEquals(3, verifications.get());
        assertEquals(0, verified.size());
    }

    @Test
    void outsideAValidationNothingIsRememberedOrCounted() throws Exception {
        RRset rrset = rrset("*.example.", "192.0.2.1");
        RRSIGRecord sig = sign(rrset);
        try (SignatureChecks checks = SignatureChecks.open(verified, 1)) {
            DNSSEC.verify(rrset, sig, key, NOW);
        }
        DNSSEC.verify(rrset, sig, key, NOW);
        assertThrows(DNSSEC.DNSSECException.class, () -> DNSSEC.verify(rrset("*.example.", "192.0.2.7"), sig, key,
                NOW));
        assertTrue(SignatureChecks.current().isEmpty());
    }

    private static RRset rrset(String owner, String address) throws Exception {
        return new RRset(new ARecord(Name.fromConstantString(owner), DClass.IN, 300,
                InetAddress.getByName(address)));
    }

    private static RRSIGRecord sign(RRset rrset) throws Exception {
        return DNSSEC.sign(rrset, key, pair.getPrivate(), NOW.minus(Duration.ofHours(1)), EXPIRES);
    }
}
