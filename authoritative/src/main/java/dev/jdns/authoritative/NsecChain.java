package dev.jdns.authoritative;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * The NSEC chain of a signed zone, by owner in canonical order (RFC 4034 §6.1, which is dnsjava's
 * {@code Name.compareTo}): the NSEC that matches a name is at the name, the one that covers a missing name is the
 * last owner before it (the apex's NSEC covers the names after the last owner, RFC 4034 §4.1.1).
 */
final class NsecChain implements DenialChain {

    private final NavigableMap<Name, RecordSet> byOwner;

    private NsecChain(NavigableMap<Name, RecordSet> byOwner) {
        this.byOwner = byOwner;
    }

    /** The chain of the NSEC RRsets in {@code index}, or empty when the zone has none. */
    static Optional<NsecChain> of(Map<Name, Map<Integer, RecordSet>> index) {
        TreeMap<Name, RecordSet> byOwner = new TreeMap<>();
        index.forEach((owner, byType) -> {
            RecordSet nsec = byType.get(Type.NSEC);
            if (nsec != null) {
                byOwner.put(owner, nsec);
            }
        });
        return byOwner.isEmpty() ? Optional.empty() : Optional.of(new NsecChain(byOwner));
    }

    @Override
    public List<RecordSet> nameError(Name name, Name closestEncloser) {
        List<RecordSet> proof = new ArrayList<>(2);
        proof.add(covering(name));
        ZoneLookup.wildcardOf(closestEncloser).ifPresent(wildcard -> proof.add(covering(wildcard)));
        return proof;
    }

    @Override
    public List<RecordSet> noData(Name name) {
        // An empty non-terminal owns no NSEC: the one covering it proves it has no types (RFC 4035 §3.1.3.1).
        return List.of(Optional.ofNullable(byOwner.get(name)).orElseGet(() -> covering(name)));
    }

    @Override
    public List<RecordSet> wildcardNoData(Name name, Name closestEncloser) {
        List<RecordSet> proof = new ArrayList<>(2);
        proof.add(covering(name));
        ZoneLookup.wildcardOf(closestEncloser).map(byOwner::get).ifPresent(proof::add);
        return proof;
    }

    @Override
    public List<RecordSet> wildcardAnswer(Name name, Name closestEncloser) {
        return List.of(covering(name));
    }

    @Override
    public List<RecordSet> noDelegationSigner(Name cut) {
        return noData(cut);
    }

    /** The NSEC whose owner is the last one before {@code name} in canonical order, wrapping to the last owner. */
    private RecordSet covering(Name name) {
        Map.Entry<Name, RecordSet> before = byOwner.lowerEntry(name);
        return (before != null ? before : byOwner.lastEntry()).getValue();
    }
}
