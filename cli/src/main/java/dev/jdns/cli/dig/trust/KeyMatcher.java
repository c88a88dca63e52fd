package dev.jdns.cli.dig.trust;

import dev.jdns.cli.dig.trust.KeyMatch.Result;
import dev.jdns.resolver.validate.DsMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.DSRecord;

/**
 * Finds the DNSKEY each DS record points to (RFC 4034 §5.1.4, with {@link DsMatch}). At most
 * {@code maxDigestsPerDs} keys sharing a DS's tag and algorithm are digested, so colliding key tags planted in a
 * key set (KeyTrap, CVE-2023-50387) cost a bounded amount of work.
 */
final class KeyMatcher {

    private final int maxDigestsPerDs;

    KeyMatcher(int maxDigestsPerDs) {
        this.maxDigestsPerDs = maxDigestsPerDs;
    }

    List<KeyMatch> match(List<DSRecord> dsSet, List<DNSKEYRecord> keys) {
        List<KeyMatch> matches = new ArrayList<>();
        for (DSRecord ds : dsSet) {
            matches.add(match(ds, keys));
        }
        return matches;
    }

    private KeyMatch match(DSRecord ds, List<DNSKEYRecord> keys) {
        if (!DsMatch.digestSupported(ds)) {
            return new KeyMatch(ds, Optional.empty(), Result.UNSUPPORTED_DIGEST);
        }
        if (!algorithmSupported(ds.getAlgorithm())) {
            return new KeyMatch(ds, Optional.empty(), Result.UNSUPPORTED_ALGORITHM);
        }
        KeyMatch found = new KeyMatch(ds, Optional.empty(), Result.NO_KEY_WITH_TAG);
        int digested = 0;
        for (DNSKEYRecord key : keys) {
            if (!DsMatch.namesKey(ds, key)) {
                continue;
            }
            if (digested++ == maxDigestsPerDs) {
                return new KeyMatch(ds, found.key(), Result.NOT_CHECKED);
            }
            if (DsMatch.digestMatches(ds, key)) {
                return new KeyMatch(ds, Optional.of(key), Result.MATCHES);
            }
            found = new KeyMatch(ds, Optional.of(key), Result.DIGEST_DIFFERS);
        }
        return found;
    }

    /** The algorithms dnsjava verifies: RSA, ECDSA and EdDSA ones (RFC 8624 §3.1). */
    static boolean algorithmSupported(int algorithm) {
        return switch (algorithm) {
            case DNSSEC.Algorithm.RSASHA1, DNSSEC.Algorithm.RSA_NSEC3_SHA1, DNSSEC.Algorithm.RSASHA256,
                    DNSSEC.Algorithm.RSASHA512, DNSSEC.Algorithm.ECDSAP256SHA256, DNSSEC.Algorithm.ECDSAP384SHA384,
                    DNSSEC.Algorithm.ED25519, DNSSEC.Algorithm.ED448 -> true;
            default -> false;
        };
    }
}
