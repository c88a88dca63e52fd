package dev.jdns.resolver.iterate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * An upstream reply after {@link Scrubber}: only RRsets inside the bailiwick of {@code zone} and relevant to the
 * question remain. Everything the recursor caches or follows comes from here, never from the raw message.
 *
 * @param zone          the zone the server was asked about (its bailiwick)
 * @param rcode         the reply's rcode
 * @param authoritative the AA bit
 */
public record ScrubbedReply(Name zone, int rcode, boolean authoritative, List<RRset> answer, List<RRset> authority,
        List<RRset> additional) {

    public ScrubbedReply {
        answer = List.copyOf(answer);
        authority = List.copyOf(authority);
        additional = List.copyOf(additional);
    }

    /** The answer RRset owned by {@code name} of {@code type}. */
    public Optional<RRset> answerRRset(Name name, int type) {
        return find(answer, name, type);
    }

    /** The SOA of a negative answer, when the server sent one inside its bailiwick. */
    public Optional<SOARecord> soa() {
        return authority.stream().filter(rrset -> rrset.getType() == Type.SOA)
                .map(rrset -> (SOARecord) rrset.first()).findFirst();
    }

    /**
     * The DNSSEC records that prove a negative or wildcard answer: the SOA's RRSIGs, and every NSEC and NSEC3 record
     * of the authority section with its RRSIGs (RFC 4035 §3.1.3, RFC 5155 §7.2). Empty when the server sent none.
     */
    public List<Record> proofs() {
        List<Record> proofs = new ArrayList<>();
        for (RRset rrset : authority) {
            int type = rrset.getType();
            if (type == Type.NSEC || type == Type.NSEC3) {
                proofs.addAll(rrset.rrs(false));
            }
            if (type == Type.NSEC || type == Type.NSEC3 || type == Type.SOA) {
                proofs.addAll(rrset.sigs());
            }
        }
        return proofs;
    }

    /** The NS RRset of a zone strictly below {@link #zone}: the child of a referral. */
    public Optional<RRset> delegationBelowZone() {
        return authority.stream()
                .filter(rrset -> rrset.getType() == Type.NS && !rrset.getName().equals(zone))
                .findFirst();
    }

    /** The NS RRset of {@link #zone} itself (its apex), from the answer section or else the authority section. */
    public Optional<RRset> apexNs() {
        Optional<RRset> answered = find(answer, zone, Type.NS);
        return answered.isPresent() ? answered : find(authority, zone, Type.NS);
    }

    /** Glue for one NS target. */
    public List<RRset> addressesOf(Name host) {
        return additional.stream().filter(rrset -> rrset.getName().equals(host)).toList();
    }

    static Optional<RRset> find(List<RRset> rrsets, Name name, int type) {
        for (RRset rrset : rrsets) {
            if (rrset.getType() == type && rrset.getName().equals(name)) {
                return Optional.of(rrset);
            }
        }
        return Optional.empty();
    }

    static List<Name> nsTargets(RRset ns) {
        List<Record> records = ns.rrs(false);
        List<Name> targets = new ArrayList<>(records.size());
        for (Record record : records) {
            targets.add(((NSRecord) record).getTarget());
        }
        return targets;
    }
}
