package dev.jdns.resolver.validate;

import java.util.Arrays;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DSRecord;

/**
 * Whether a DS record names a DNSKEY: same key tag and algorithm, and the digest of the key (owner name and RDATA)
 * equal to the DS digest (RFC 4034 §5.1.4). The one home of that rule for the validator's diagnosis and for
 * {@code jdns dig +explain}'s chain of trust.
 */
public final class DsMatch {

    private DsMatch() {
    }

    /** The DS names this key by tag and algorithm (a cheap filter before the digest). */
    public static boolean namesKey(DSRecord ds, DNSKEYRecord key) {
        return key.getFootprint() == ds.getFootprint() && key.getAlgorithm() == ds.getAlgorithm();
    }

    /** The key's digest, computed with the DS's digest type, equals the DS's; false for an unknown digest type. */
    public static boolean digestMatches(DSRecord ds, DNSKEYRecord key) {
        try {
            DSRecord computed = new DSRecord(ds.getName(), ds.getDClass(), ds.getTTL(), ds.getDigestID(), key);
            return Arrays.equals(computed.getDigest(), ds.getDigest());
        } catch (IllegalArgumentException unsupportedDigest) {
            return false;
        }
    }

    /** dnsjava computes this digest type (SHA-1, SHA-256, SHA-384; RFC 4509, RFC 6605). */
    public static boolean digestSupported(DSRecord ds) {
        int digest = ds.getDigestID();
        return digest == DSRecord.Digest.SHA1 || digest == DSRecord.Digest.SHA256 || digest == DSRecord.Digest.SHA384;
    }
}
