package dev.jdns.authoritative.dnssec;

import java.security.PrivateKey;
import java.util.Objects;
import org.xbill.DNS.DNSKEYRecord;

/** One DNSSEC key of a zone: the DNSKEY published at the apex and the private key that signs with it. */
public record SigningKey(DNSKEYRecord dnskey, PrivateKey privateKey) {

    public SigningKey {
        Objects.requireNonNull(dnskey, "dnskey");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    /** A key-signing key (or a CSK): the SEP flag is set, so the parent's DS points at it (RFC 4034 section 2.1.1). */
    public boolean keySigning() {
        return (dnskey.getFlags() & DNSKEYRecord.Flags.SEP_KEY) != 0;
    }

    public int tag() {
        return dnskey.getFootprint();
    }
}
