package dev.jdns.authoritative;

import dev.jdns.authoritative.LookupResult.Alias;
import dev.jdns.authoritative.LookupResult.Answer;
import dev.jdns.authoritative.LookupResult.NoData;
import dev.jdns.authoritative.LookupResult.NxDomain;
import dev.jdns.authoritative.LookupResult.Referral;
import dev.jdns.authoritative.LookupResult.YxDomain;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DNAMERecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The authoritative answer algorithm: RFC 1034 §4.3.2 step 3, with wildcards as RFC 4592 defines them and DNAME
 * as RFC 6672 does. Written against the name index of {@link LoadedZone} rather than dnsjava's
 * {@code Zone.findRecords}, which gets empty non-terminals, wildcards and DS at a cut wrong. Stateless.
 */
public final class ZoneLookup {

    /**
     * CNAME and DNAME links followed inside one zone before giving the rest of the chain to the client. One of
     * three bounds on an alias chain with one reason (real chains are a few hops; a longer one is a loop or built
     * to waste work), each looser than the step after it so none cuts a chain the next would follow: the resolver
     * follows 12 hops per query, a server answer carries at most these 16 links, the resolver's reply scrubber walks
     * at most 32 names of one reply. The resolver's limits table ({@code ResolutionLimits.table()}, shown by
     * {@code jdns resolver --help}) states the same.
     */
    public static final int MAX_CHAIN_LINKS = 16;

    private static final Name WILDCARD_LABEL = Name.fromConstantString("*");

    /** One name looked at: either the search ended, or an alias sends it on to {@code target}. */
    private sealed interface Step {
        record Done(LookupResult result) implements Step {}

        record Follow(Name target) implements Step {}
    }

    private ZoneLookup() {}

    /**
     * What {@code zone} answers for ({@code qname}, {@code qtype}); {@code qname} must be inside the zone.
     * CNAMEs and DNAMEs are followed while their targets stay inside the zone (RFC 1034 §4.3.2 step 3a).
     */
    public static LookupResult lookup(LoadedZone zone, Name qname, int qtype) {
        if (!zone.contains(qname)) {
            throw new IllegalArgumentException(qname + " is not inside " + zone.origin());
        }
        List<RecordSet> chain = new ArrayList<>();
        Set<Name> visited = new HashSet<>();
        Name name = qname;
        while (true) {
            // A loop or an overlong chain stops here; the client sees the chain and gives up on its own terms.
            if (!visited.add(name) || visited.size() > MAX_CHAIN_LINKS) {
                return new Alias(chain, name);
            }
            Step step = lookupName(zone, name, qtype, chain);
            if (step instanceof Step.Done done) {
                return done.result();
            }
            name = ((Step.Follow) step).target();
            if (!zone.contains(name)) {
                return new Alias(chain, name);
            }
        }
    }

    /**
     * RFC 1034 §4.3.2 step 3 for one name: walk down from the apex one label at a time, stopping at a zone cut
     * (3b), at a DNAME above the name (RFC 6672 §3.2), or where the tree ends (3c: wildcards, else NXDOMAIN).
     * Names below the cut are occluded: the walk never reaches them.
     */
    private static Step lookupName(LoadedZone zone, Name name, int qtype, List<RecordSet> chain) {
        int labelsBelowApex = name.labels() - zone.origin().labels();
        Name closestEncloser = zone.origin();
        for (int depth = 0; depth <= labelsBelowApex; depth++) {
            boolean exact = depth == labelsBelowApex;
            Name node = exact ? name : new Name(name, labelsBelowApex - depth);
            if (!zone.exists(node)) {
                return noSuchName(zone, name, qtype, closestEncloser, chain);
            }
            closestEncloser = node;
            // RFC 4035 §3.1.4.1: DS lives on the parent side of the cut, so a DS query at the cut is answered
            // here, never referred to the child.
            if (depth > 0 && zone.isZoneCut(node) && !(exact && qtype == Type.DS)) {
                return new Step.Done(referral(zone, node, chain));
            }
            Optional<RecordSet> dname = exact ? Optional.empty() : zone.rrset(node, Type.DNAME);
            if (dname.isPresent()) {
                return substitute(name, qtype, dname.get().withOwner(node), chain);
            }
        }
        return answerAt(zone, name, name, qtype, chain);
    }

    /**
     * RFC 4592 §3.3.1: only the wildcard child of the closest encloser (the deepest existing ancestor, empty
     * non-terminals included) can answer for a missing name; existing names and empty non-terminals in between
     * therefore block it.
     */
    /**
     * The wildcard that could stand for names under {@code closestEncloser} (RFC 4592 §3.3.1), or empty when it
     * would be too long to exist.
     */
    static Optional<Name> wildcardOf(Name closestEncloser) {
        try {
            return Optional.of(Name.concatenate(WILDCARD_LABEL, closestEncloser));
        } catch (NameTooLongException e) {
            return Optional.empty();
        }
    }

    private static Step noSuchName(LoadedZone zone, Name name, int qtype, Name closestEncloser,
                                   List<RecordSet> chain) {
        Optional<Name> wildcardName = wildcardOf(closestEncloser);
        if (wildcardName.isEmpty()) {
            return new Step.Done(new NxDomain(chain));
        }
        Name wildcard = wildcardName.get();
        if (zone.exists(wildcard)) {
            // RFC 4592 §2.1.1 / §3.3.1: synthesised records are owned by the query name.
            return answerAt(zone, wildcard, name, qtype, chain);
        }
        return new Step.Done(new NxDomain(chain));
    }

    /**
     * The data at {@code node}, owned by {@code owner} in the answer (the query name, also for wildcards):
     * a CNAME is followed unless it was asked for (RFC 1034 §4.3.2 step 3a); a name without the type, including
     * an empty non-terminal or a wildcard lacking the type, is NODATA (RFC 4592 §2.2.2, §4.1). An answer says
     * which wildcard it came from when {@code node} is one.
     */
    private static Step answerAt(LoadedZone zone, Name node, Name owner, int qtype, List<RecordSet> chain) {
        Map<Integer, RecordSet> rrsets = zone.rrsets(node);
        Optional<Name> wildcard = node.equals(owner) ? Optional.empty() : Optional.of(node);
        if (qtype == Type.ANY) {
            return new Step.Done(minimalAny(rrsets, owner, chain, wildcard));
        }
        RecordSet cname = rrsets.get(Type.CNAME);
        if (cname != null && qtype != Type.CNAME) {
            chain.add(cname.withOwner(owner));
            return new Step.Follow(((CNAMERecord) cname.first()).getTarget());
        }
        RecordSet data = rrsets.get(qtype);
        return new Step.Done(data == null ? new NoData(chain) : new Answer(chain, data.withOwner(owner), wildcard));
    }

    /**
     * RFC 8482 §4.2: ANY gets one RRset, not everything. We return the RRset with the lowest type code, so the
     * choice is stable and cheap (A before NS before SOA before MX ...); a CNAME is the only data at its name,
     * so it is what ANY returns there, not followed. An empty non-terminal has none: NODATA.
     */
    private static LookupResult minimalAny(Map<Integer, RecordSet> rrsets, Name owner, List<RecordSet> chain,
                                           Optional<Name> wildcard) {
        return rrsets.values().stream()
                .min(Comparator.comparingInt(RecordSet::type))
                .<LookupResult>map(rrset -> new Answer(chain, rrset.withOwner(owner), wildcard))
                .orElseGet(() -> new NoData(chain));
    }

    /**
     * RFC 6672 §3.2 / §3.1: the DNAME goes into the answer, then a CNAME from the query name to the substituted
     * name, with the DNAME's TTL; the search restarts at the substituted name. A substituted name longer than
     * 255 octets is YXDOMAIN (RFC 6672 §2.2). A CNAME query gets the synthesised CNAME as its answer.
     */
    private static Step substitute(Name name, int qtype, RecordSet dname, List<RecordSet> chain) {
        chain.add(dname);
        DNAMERecord record = (DNAMERecord) dname.first();
        Name target;
        try {
            target = name.fromDNAME(record);
        } catch (NameTooLongException e) {
            return new Step.Done(new YxDomain(chain));
        }
        RecordSet synthesised = RecordSet.of(new CNAMERecord(name, record.getDClass(), record.getTTL(), target));
        if (qtype == Type.CNAME) {
            return new Step.Done(new Answer(chain, synthesised));
        }
        chain.add(synthesised);
        return new Step.Follow(target);
    }

    /**
     * RFC 1034 §4.3.2 step 3b: the cut's NS RRset, its DS RRset when the parent has one (RFC 4035 §3.1.4), and
     * the addresses of the NS targets that are inside this zone, glue below the cut included (RFC 1034 §4.2.1).
     */
    private static Referral referral(LoadedZone zone, Name cut, List<RecordSet> chain) {
        RecordSet nameServers = zone.rrset(cut, Type.NS).orElseThrow().withOwner(cut);
        Optional<RecordSet> delegationSigner = zone.rrset(cut, Type.DS).map(ds -> ds.withOwner(cut));
        Set<Name> targets = new LinkedHashSet<>();
        for (Record ns : nameServers.records()) {
            targets.add(((NSRecord) ns).getTarget());
        }
        List<RecordSet> glue = new ArrayList<>();
        targets.forEach(target -> glue.addAll(zone.addressesOf(target)));
        return new Referral(chain, nameServers, delegationSigner, glue);
    }
}
