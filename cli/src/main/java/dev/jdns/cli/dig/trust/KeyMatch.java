package dev.jdns.cli.dig.trust;

import java.util.Optional;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DSRecord;

/**
 * One DS record of a zone and the DNSKEY it points to (RFC 4034 §5.1.4): found by key tag and algorithm, then
 * confirmed by the digest.
 *
 * @param ds     the DS, from the parent or the trust anchor
 * @param key    the key with the DS's tag and algorithm whose digest was checked, if any
 * @param result what the check found
 */
public record KeyMatch(DSRecord ds, Optional<DNSKEYRecord> key, Result result) {

    public enum Result {
        MATCHES("digest matches"),
        DIGEST_DIFFERS("a key has this tag and algorithm but its digest differs"),
        NO_KEY_WITH_TAG("no DNSKEY has this key tag and algorithm"),
        UNSUPPORTED_DIGEST("digest type not supported: the DS is ignored (RFC 4035 §5.2)"),
        UNSUPPORTED_ALGORITHM("algorithm not supported: the DS is ignored (RFC 4035 §5.2)"),
        NOT_CHECKED("not checked: work limit reached");

        private final String text;

        Result(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    public boolean matches() {
        return result == Result.MATCHES;
    }

    /** A DS a validator may use: known digest and algorithm. */
    public boolean usable() {
        return result != Result.UNSUPPORTED_DIGEST && result != Result.UNSUPPORTED_ALGORITHM;
    }
}
