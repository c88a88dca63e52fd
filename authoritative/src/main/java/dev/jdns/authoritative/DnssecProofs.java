package dev.jdns.authoritative;

import dev.jdns.authoritative.LookupResult.Alias;
import dev.jdns.authoritative.LookupResult.Answer;
import dev.jdns.authoritative.LookupResult.NoData;
import dev.jdns.authoritative.LookupResult.NxDomain;
import dev.jdns.authoritative.LookupResult.Referral;
import dev.jdns.authoritative.LookupResult.YxDomain;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;

/**
 * The NSEC/NSEC3 RRsets a reply to a DO query needs in its authority section, beside the RRSIGs that travel with
 * each RRset: the denial of the name or type for negative answers, of the exact name for wildcard expansions (also
 * of a CNAME met on the way), and of the DS for a referral to an unsigned child. A record that two proofs share
 * goes in once. Nothing for a zone that is not signed.
 */
final class DnssecProofs {

    private DnssecProofs() {}

    /**
     * @param qname   the question's name
     * @param zone    the zone whose data ended the lookup
     * @param catalog where the zone of each link of a CNAME chain is found
     */
    static List<RecordSet> forResult(LookupResult result, Name qname, LoadedZone zone, ZoneCatalog catalog) {
        Set<RecordSet> proofs = new LinkedHashSet<>();
        for (RecordSet link : result.chain()) {
            wildcardExpansion(link, catalog).ifPresent(proofs::addAll);
        }
        Optional<DenialChain> denial = zone.dnssec().denial();
        Name name = result.chain().isEmpty() ? qname : ((CNAMERecord) result.chain().getLast().first()).getTarget();
        switch (result) {
            case Answer answer -> wildcardExpansion(answer.rrset(), catalog).ifPresent(proofs::addAll);
            case NxDomain nxDomain ->
                    denial.ifPresent(chain -> proofs.addAll(chain.nameError(name, zone.closestEncloser(name))));
            case NoData noData -> denial.ifPresent(chain -> proofs.addAll(noData(chain, zone, name)));
            case Referral referral when referral.delegationSigner().isEmpty() ->
                    denial.ifPresent(chain -> proofs.addAll(chain.noDelegationSigner(referral.nameServers().owner())));
            case Referral referral -> { }
            case Alias alias -> { }
            case YxDomain yxDomain -> { }
        }
        return new ArrayList<>(proofs);
    }

    /** NODATA at a name that exists, or through a wildcard when the name itself does not (RFC 4592 §2.2.2). */
    private static List<RecordSet> noData(DenialChain chain, LoadedZone zone, Name name) {
        if (zone.exists(name)) {
            return chain.noData(name);
        }
        return chain.wildcardNoData(name, zone.closestEncloser(name));
    }

    /**
     * The proof that the owner of a wildcard-synthesised RRset does not exist as such. Such an RRset is told by its
     * RRSIG, whose labels field counts the labels of the wildcard's parent, fewer than the owner's (RFC 4034
     * §3.1.3); that parent is the closest encloser.
     */
    private static Optional<List<RecordSet>> wildcardExpansion(RecordSet rrset, ZoneCatalog catalog) {
        Name owner = rrset.owner();
        if (rrset.signatures().isEmpty() || owner.isWild()) {
            return Optional.empty();
        }
        int labels = ((RRSIGRecord) rrset.signatures().getFirst()).getLabels();
        int ownerLabels = owner.labels() - 1; // dnsjava counts the root label, the labels field does not
        if (labels >= ownerLabels) {
            return Optional.empty();
        }
        Name closestEncloser = new Name(owner, ownerLabels - labels);
        return catalog.zoneFor(owner, rrset.type())
                .flatMap(zone -> zone.dnssec().denial())
                .map(chain -> chain.wildcardAnswer(owner, closestEncloser));
    }
}
