package dev.jdns.authoritative.dnssec;

import java.util.Comparator;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Name;

/**
 * The keys a zone is signed with: one CSK (a key with the SEP flag that signs everything), or KSKs that sign the
 * DNSKEY RRset and ZSKs that sign the rest; in key-tag order.
 */
public record ZoneKeys(Name zone, List<SigningKey> keys) {

    /** The TTL of the DS records written for the parent, as the parent would publish them. */
    static final long DS_TTL = 3600;

    public ZoneKeys {
        // In key-tag order, however they were found or made: the same keys always read the same.
        keys = keys.stream().sorted(Comparator.comparingInt(SigningKey::tag)).toList();
        if (keys.stream().noneMatch(SigningKey::keySigning)) {
            throw new IllegalArgumentException(zone + ": no key with the SEP flag, so no DS could point at it");
        }
    }

    /** The keys that sign the DNSKEY RRset: those with the SEP flag. */
    public List<SigningKey> keySigningKeys() {
        return keys.stream().filter(SigningKey::keySigning).toList();
    }

    /** The keys that sign every other RRset: the ZSKs, or the CSK when there is no ZSK. */
    public List<SigningKey> zoneSigningKeys() {
        List<SigningKey> zsks = keys.stream().filter(k -> !k.keySigning()).toList();
        return zsks.isEmpty() ? keySigningKeys() : zsks;
    }

    public List<DNSKEYRecord> dnskeys() {
        return keys.stream().map(SigningKey::dnskey).toList();
    }

    /** The DS records for the parent: SHA-256 (digest type 2) of each key-signing key, RFC 4509. */
    public List<DSRecord> ds() {
        return keySigningKeys().stream()
                .map(k -> new DSRecord(zone, DClass.IN, DS_TTL, DSRecord.Digest.SHA256, k.dnskey()))
                .toList();
    }
}
