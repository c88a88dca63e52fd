package dev.jdns.authoritative;

import dev.jdns.authoritative.LookupResult.Alias;
import dev.jdns.authoritative.LookupResult.Answer;
import dev.jdns.authoritative.LookupResult.NoData;
import dev.jdns.authoritative.LookupResult.NxDomain;
import dev.jdns.authoritative.LookupResult.Referral;
import dev.jdns.authoritative.LookupResult.YxDomain;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Name;

/**
 * A question asked of every zone this server holds. RFC 1034 §4.3.2 step 3a restarts the search at step 1 with the
 * CNAME's target, and step 1 picks the nearest zone among all the zones available: a chain that leaves one zone
 * into another zone served here (a child served beside its parent, a sibling) is followed there too, as NSD and
 * BIND do. {@link ZoneLookup} does the work inside each zone.
 */
public final class CatalogLookup {

    /** The result, and the zone whose data ended it (its SOA goes into a negative answer, RFC 2308 §3). */
    public record Located(LoadedZone zone, LookupResult result) {}

    private CatalogLookup() {}

    /** Empty when no zone here contains {@code qname} (the server then refuses). */
    public static Optional<Located> lookup(ZoneCatalog catalog, Name qname, int qtype) {
        Optional<LoadedZone> first = catalog.zoneFor(qname, qtype);
        if (first.isEmpty()) {
            return Optional.empty();
        }
        LoadedZone zone = first.get();
        LookupResult result = ZoneLookup.lookup(zone, qname, qtype);
        Set<Name> visited = new HashSet<>(Set.of(qname));
        while (true) {
            Optional<Name> restart = restartName(result);
            // Bounded like a chain inside one zone: a cross-zone loop revisits a name, a long chain hits the cap.
            if (restart.isEmpty() || !visited.add(restart.get())
                    || result.chain().size() >= ZoneLookup.MAX_CHAIN_LINKS) {
                return Optional.of(new Located(zone, result));
            }
            Optional<LoadedZone> next = catalog.zoneFor(restart.get(), qtype);
            if (next.isEmpty() || next.get() == zone) {
                return Optional.of(new Located(zone, result));
            }
            zone = next.get();
            result = afterChain(result.chain(), ZoneLookup.lookup(zone, restart.get(), qtype));
        }
    }

    /**
     * Where a chain left the zone that answered: the target of an alias that points outside it, or the name that
     * hit a cut after a CNAME (a referral to a zone that may be served here too). Nothing for other results.
     */
    private static Optional<Name> restartName(LookupResult result) {
        return switch (result) {
            case Alias alias -> Optional.of(alias.target());
            case Referral referral when !referral.chain().isEmpty() ->
                    Optional.of(((CNAMERecord) referral.chain().getLast().first()).getTarget());
            default -> Optional.empty();
        };
    }

    /** {@code result} with {@code earlier} links in front of its own chain. */
    private static LookupResult afterChain(List<RecordSet> earlier, LookupResult result) {
        List<RecordSet> chain = new ArrayList<>(earlier);
        chain.addAll(result.chain());
        return switch (result) {
            case Answer answer -> new Answer(chain, answer.rrset(), answer.wildcard());
            case Alias alias -> new Alias(chain, alias.target());
            case Referral referral ->
                    new Referral(chain, referral.nameServers(), referral.delegationSigner(), referral.glue());
            case NoData noData -> new NoData(chain);
            case NxDomain nxDomain -> new NxDomain(chain);
            case YxDomain yxDomain -> new YxDomain(chain);
        };
    }
}
