package dev.jdns.authoritative.dnssec;

import dev.jdns.authoritative.LoadedZone;
import dev.jdns.authoritative.RecordSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * Makes a signed copy of a zone (RFC 4035 section 2): the apex DNSKEY RRset, the denial-of-existence chain, and
 * an RRSIG by each applicable key over every authoritative RRset, the chain included. The result is indexed as a
 * {@link LoadedZone} exactly as a file signed by {@code dnssec-signzone} would be. The input is never changed:
 * queries keep reading it while the copy is made.
 */
public final class ZoneSigner {

    private final Denial denial;
    private final SignaturePolicy policy;

    public ZoneSigner(Denial denial, SignaturePolicy policy) {
        this.denial = denial;
        this.policy = policy;
    }

    /** {@code zone} signed at {@code now} with {@code keys}, its SOA serial set to {@code serial}. */
    public LoadedZone sign(LoadedZone zone, ZoneKeys keys, long serial, Instant now) {
        UnsignedZone unsigned = UnsignedZone.of(zone, withSerial(zone.soa(), serial), keys.dnskeys());
        List<Record> records = new ArrayList<>();
        List<RecordSet> toSign = new ArrayList<>();
        for (Map.Entry<Name, Map<Integer, RecordSet>> owner : unsigned.owners().entrySet()) {
            owner.getValue().values().forEach(set -> records.addAll(set.records()));
            toSign.addAll(unsigned.rrsetsToSign(owner.getKey()));
        }
        for (Record proof : denialRecords(unsigned)) {
            records.add(proof);
            toSign.add(RecordSet.of(proof));
        }
        Instant inception = policy.inception(now);
        Instant expiration = policy.expiration(now);
        // Signing is nearly all of the work and each RRset stands alone: spread it over the common pool.
        toSign.parallelStream()
                .flatMap(set -> signaturesOf(set, keys, inception, expiration).stream())
                .toList()
                .forEach(records::add);
        return LoadedZone.build(zone.origin(), zone.source(), records);
    }

    /** When the signatures of a zone this signer made must be made again; never for a zone it did not sign. */
    public boolean due(LoadedZone zone, Instant now) {
        return zone.rrset(zone.origin(), Type.RRSIG).stream()
                .flatMap(set -> set.records().stream())
                .map(r -> (RRSIGRecord) r)
                .filter(sig -> sig.getTypeCovered() == Type.SOA)
                .map(RRSIGRecord::getExpire)
                .min(Instant::compareTo)
                .map(expiration -> policy.due(expiration, now))
                .orElse(true);
    }

    private List<Record> denialRecords(UnsignedZone zone) {
        if (denial == Denial.NSEC) {
            return List.copyOf(NsecChainBuilder.of(zone));
        }
        Nsec3ChainBuilder.Records nsec3 = Nsec3ChainBuilder.of(zone, denial == Denial.NSEC3_OPT_OUT);
        List<Record> out = new ArrayList<>(nsec3.chain());
        out.add(nsec3.parameters());
        return out;
    }

    /** The DNSKEY RRset is signed by the key-signing keys, everything else by the zone-signing keys. */
    private static List<RRSIGRecord> signaturesOf(RecordSet set, ZoneKeys keys, Instant inception,
            Instant expiration) {
        List<SigningKey> signers = set.type() == Type.DNSKEY ? keys.keySigningKeys() : keys.zoneSigningKeys();
        RRset rrset = new RRset(set.records());
        List<RRSIGRecord> sigs = new ArrayList<>(signers.size());
        for (SigningKey key : signers) {
            try {
                sigs.add(DNSSEC.sign(rrset, key.dnskey(), key.privateKey(), inception, expiration));
            } catch (DNSSEC.DNSSECException e) {
                throw new IllegalStateException("cannot sign " + set.owner() + " " + Type.string(set.type())
                        + " with key " + key.tag() + ": " + e.getMessage(), e);
            }
        }
        return sigs;
    }

    private static SOARecord withSerial(SOARecord soa, long serial) {
        return new SOARecord(soa.getName(), soa.getDClass(), soa.getTTL(), soa.getHost(), soa.getAdmin(), serial,
                soa.getRefresh(), soa.getRetry(), soa.getExpire(), soa.getMinimum());
    }
}
