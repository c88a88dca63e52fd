package dev.jdns.authoritative;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * What answering a signed zone to a DO query needs beyond its records, built once at load time: whether the zone
 * is signed (its apex SOA carries RRSIGs), the negative-answer SOA with its signatures, and the denial-of-existence
 * chain. A zone file signed by {@code dnssec-signzone} and a zone signed online look the same here.
 *
 * @param negativeSoa the SOA of NXDOMAIN and NODATA with its RRSIGs, all at the negative TTL (RFC 2308 §3; an
 *                    RRSIG has the TTL of the RRset it covers, RFC 4034 §3)
 * @param denial      the NSEC or NSEC3 chain; NSEC3 when the apex has an NSEC3PARAM naming a chain
 */
record ZoneDnssec(boolean signed, RecordSet negativeSoa, Optional<DenialChain> denial) {

    static ZoneDnssec of(Name origin, Map<Name, Map<Integer, RecordSet>> index, SOARecord negativeSoa) {
        RecordSet soa = index.get(origin).get(Type.SOA);
        if (soa.signatures().isEmpty()) {
            return new ZoneDnssec(false, RecordSet.of(negativeSoa), Optional.empty());
        }
        List<Record> signatures = soa.signatures().stream().map(sig -> withTtl(sig, negativeSoa.getTTL())).toList();
        Optional<DenialChain> denial = Nsec3Chain.of(origin, index).<DenialChain>map(chain -> chain)
                .or(() -> NsecChain.of(index));
        return new ZoneDnssec(true, RecordSet.of(negativeSoa).signedBy(signatures), denial);
    }

    /** {@code record} with another TTL, its rdata (a signature over the original) untouched. */
    static Record withTtl(Record record, long ttl) {
        byte[] wire = record.toWire(Section.ANSWER);
        // Owner name, then TYPE (2) and CLASS (2), then the 32-bit TTL (RFC 1035 §4.1.3).
        ByteBuffer.wrap(wire).putInt(record.getName().length() + 4, (int) ttl);
        try {
            return Record.fromWire(wire, Section.ANSWER);
        } catch (IOException e) {
            throw new UncheckedIOException("re-reading a record just written", e);
        }
    }
}
