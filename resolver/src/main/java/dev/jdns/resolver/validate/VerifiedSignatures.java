package dev.jdns.resolver.validate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * Signatures already found valid, so that the same (RRset, RRSIG, DNSKEY) met again costs a lookup instead of a
 * public-key verification: every expansion of one wildcard carries the same signed RRset (RFC 4035 §5.3.4 checks
 * the signature over the wildcard owner), many denials share an NSEC proof, every new name of a zone the same keys.
 * Unbound keeps the same fact as its RRsets' security status.
 * <p>
 * An entry is the SHA-256 of everything the verification depended on: the algorithm, the DNSKEY's public key, the
 * signed data (RFC 4034 §3.1.8.1: the RRSIG's RDATA without its signature, signer name, key tag, validity period and
 * original TTL included, then the RRset in canonical form) and the signature. Another RRset, key, signature or
 * validity period gives another digest, so it never hits; finding two inputs with one digest is a SHA-256 collision,
 * the same strength the signatures themselves (over a SHA-256 or stronger digest) rest on. Only successes are kept.
 * <p>
 * The verification's result does not depend on the time; the validity period is checked by the validator before any
 * verification, for hits too. An entry still goes at the signature's expiration or after its original TTL, whichever
 * comes first, so the cache holds nothing no answer could use. Bounded in entries; thread-safe.
 */
public final class VerifiedSignatures {

    /** About 150 bytes each: a digest and Caffeine's node. */
    public static final int DEFAULT_ENTRIES = 10_000;

    /** RRSIG RDATA up to its inception (RFC 4034 §3.1): type covered, algorithm, labels, original TTL, expiration. */
    private static final int ORIGINAL_TTL_OFFSET = 4;
    private static final int EXPIRATION_OFFSET = 8;
    private static final int RDATA_FIXED_PART = 18;

    private final Clock clock;
    private final Cache<Fingerprint, Long> verified;

    public VerifiedSignatures(int maxEntries, Ticker ticker, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.verified = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .ticker(ticker)
                .expireAfter(Expiry.creating((Fingerprint key, Long lifetimeSeconds) ->
                        Duration.ofSeconds(lifetimeSeconds)))
                .executor(Runnable::run)
                .build();
    }

    /** Whether this exact verification succeeded before (and its entry has not expired). */
    boolean known(Fingerprint fingerprint) {
        return verified.getIfPresent(fingerprint) != null;
    }

    /** Remembers a verification that succeeded, until its RRSIG's expiration or original TTL, whichever is first. */
    void remember(Fingerprint fingerprint, byte[] signedData) {
        long lifetime = lifetimeSeconds(signedData);
        if (lifetime > 0) {
            verified.put(fingerprint, lifetime);
        }
    }

    long size() {
        verified.cleanUp();
        return verified.estimatedSize();
    }

    private long lifetimeSeconds(byte[] signedData) {
        if (signedData.length < RDATA_FIXED_PART) {
            return 0;
        }
        ByteBuffer rdata = ByteBuffer.wrap(signedData);
        long originalTtl = Integer.toUnsignedLong(rdata.getInt(ORIGINAL_TTL_OFFSET));
        // RFC 4034 §3.1.5: serial number arithmetic (RFC 1982) on 32 bits; the validator found it in the future.
        int untilExpiration = rdata.getInt(EXPIRATION_OFFSET) - (int) clock.instant().getEpochSecond();
        return Math.min(originalTtl, Math.max(0, untilExpiration));
    }

    /** The digest of one verification's inputs. */
    static final class Fingerprint {
        private final byte[] digest;
        private final int hash;

        private Fingerprint(byte[] digest) {
            this.digest = digest;
            this.hash = Arrays.hashCode(digest);
        }

        static Fingerprint of(String algorithm, PublicKey key, byte[] signedData, byte[] signature) {
            MessageDigest sha256;
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
            // Each part with its length first, so that no two different tuples give the same input.
            for (byte[] part : new byte[][] {algorithm.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                key.getEncoded(), signedData, signature}) {
                sha256.update(ByteBuffer.allocate(4).putInt(part.length).array());
                sha256.update(part);
            }
            return new Fingerprint(sha256.digest());
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Fingerprint that && MessageDigest.isEqual(digest, that.digest);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
