package dev.jdns.cli.dig.trust;

import java.util.List;
import java.util.Optional;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.Name;

/**
 * One zone of a chain of trust: the DS set that vouches for it (from the trust anchor or signed by the parent), the
 * DNSKEYs those DS records match, the signature over the DNSKEY set by a matching key, and the zone's status.
 *
 * @param zone            the zone
 * @param fromAnchor      the DS set is the trust anchor (else the parent's, checked with {@code dsSignature})
 * @param dsSignature     the parent's RRSIG over the DS set; empty for a trust anchor
 * @param matches         each DS and the key it matched, or why none
 * @param keys            the zone's DNSKEY set
 * @param keySetSignature the RRSIG over the DNSKEY set by a key a DS matched; empty when no key matched
 * @param verdict         secure, or why not
 */
public record ZoneLink(Name zone, boolean fromAnchor, Optional<SignatureCheck> dsSignature, List<KeyMatch> matches,
        List<DNSKEYRecord> keys, Optional<SignatureCheck> keySetSignature, Verdict verdict) {
}
