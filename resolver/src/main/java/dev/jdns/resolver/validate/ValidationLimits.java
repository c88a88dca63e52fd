package dev.jdns.resolver.validate;

import java.util.List;
import java.util.Properties;

/**
 * How much work validating one answer may cost, after KeyTrap (CVE-2023-50387) and the NSEC3 closest-encloser
 * attack (CVE-2023-50868) showed that a single crafted zone could keep a validator busy for minutes. The defaults
 * are Unbound's and dnsjava's answers to those advisories; {@link #table()} gives the reason for each.
 *
 * @param maxSignaturesPerRRset RRSIGs tried on one RRset before it is bogus (Unbound: 8); each RRSIG is checked
 *                              against one key of its tag, so many keys sharing a tag cost no more
 * @param maxDsMatchFailures    DS records whose key fails to match, or whose key fails to verify the DNSKEY RRset,
 *                              before the zone's keys are bogus (key-tag collisions planted under a DS)
 * @param maxNsec3Iterations    NSEC3 hash iterations above which a denial proof is treated as insecure, not
 *                              verified (RFC 9276 §3.2, 150 as Unbound and BIND chose)
 * @param maxSignatureChecksPerQuery signature verifications (not found among those already verified) for one client
 *                              query, the chain's keys and proofs included, before its answer is SERVFAIL: the
 *                              per-RRset bound times an answer's RRsets is what KeyTrap multiplied
 */
public record ValidationLimits(int maxSignaturesPerRRset, int maxDsMatchFailures, int maxNsec3Iterations,
        int maxSignatureChecksPerQuery) {

    /** Fixed in dnsjava ({@code NSEC3ValUtils}): NSEC3 hash computations per denial proof. */
    public static final int NSEC3_HASHES_PER_PROOF = 8;

    public static final ValidationLimits DEFAULTS = new ValidationLimits(8, 4, 150, 64);

    public ValidationLimits {
        if (maxSignaturesPerRRset < 1 || maxDsMatchFailures < 1 || maxNsec3Iterations < 0
                || maxSignatureChecksPerQuery < 1) {
            throw new IllegalArgumentException("validation limits must be positive: " + maxSignaturesPerRRset + ", "
                    + maxDsMatchFailures + ", " + maxNsec3Iterations + ", " + maxSignatureChecksPerQuery);
        }
    }

    /** The limits as dnsjava's validator reads them. */
    Properties asDnsjavaProperties() {
        Properties properties = new Properties();
        properties.setProperty("dnsjava.dnssec.max_validate_rrsigs", Integer.toString(maxSignaturesPerRRset));
        properties.setProperty("dnsjava.dnssec.max_ds_match_failures", Integer.toString(maxDsMatchFailures));
        // One bound for every key size (dnsjava keys the table by the smallest key size: 0 covers all).
        properties.setProperty("dnsjava.dnssec.nsec3.iterations.0", Integer.toString(maxNsec3Iterations));
        return properties;
    }

    /** These limits with the reason for each, for {@code --help} and the docs. */
    public List<String[]> table() {
        return List.of(
                new String[] {"RRSIGs tried per RRset", Integer.toString(maxSignaturesPerRRset),
                    "KeyTrap (CVE-2023-50387): many signatures over one RRset, each a costly check"},
                new String[] {"signature verifications per query", Integer.toString(maxSignatureChecksPerQuery),
                    "KeyTrap: RRSIGs tried per RRset, times the RRsets of a chain (each found valid is remembered)"},
                new String[] {"DS/key mismatches per zone", Integer.toString(maxDsMatchFailures),
                    "KeyTrap: many DNSKEYs sharing the key tag a DS names"},
                new String[] {"NSEC3 hashes per proof", Integer.toString(NSEC3_HASHES_PER_PROOF),
                    "CVE-2023-50868: a closest-encloser proof over a long name hashes every label"},
                new String[] {"NSEC3 iterations", Integer.toString(maxNsec3Iterations),
                    "RFC 9276 §3.2: more is answered insecure, never hashed"});
    }
}
