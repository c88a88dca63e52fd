package dev.jdns.authoritative;

import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.xbill.DNS.NSEC3PARAMRecord;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;
import org.xbill.DNS.utils.base32;

/**
 * The NSEC3 chain of a signed zone (RFC 5155): the NSEC3 RRsets made with the parameters of the apex NSEC3PARAM,
 * keyed by the hash in their owner's first label. Base32hex keeps the order of the hashes (RFC 4648 §7), so the
 * text keys sort as the chain does. Hashing a name costs {@code iterations + 1} SHA-1 rounds, set by the zone's
 * owner; a proof hashes at most one name per label of the query name.
 */
final class Nsec3Chain implements DenialChain {

    private static final base32 BASE32HEX = new base32(base32.Alphabet.BASE32HEX, false, false);

    private final NSEC3PARAMRecord parameters;
    private final NavigableMap<String, RecordSet> byHash;

    private Nsec3Chain(NSEC3PARAMRecord parameters, NavigableMap<String, RecordSet> byHash) {
        this.parameters = parameters;
        this.byHash = byHash;
    }

    /** The chain named by the NSEC3PARAM at {@code origin}, or empty when the zone has none or no NSEC3 of it. */
    static Optional<Nsec3Chain> of(Name origin, Map<Name, Map<Integer, RecordSet>> index) {
        RecordSet param = index.getOrDefault(origin, Map.of()).get(Type.NSEC3PARAM);
        if (param == null) {
            return Optional.empty();
        }
        // RFC 5155 §4.1.2: only an NSEC3PARAM with flags 0 names the chain servers use.
        Optional<NSEC3PARAMRecord> chosen = param.records().stream().map(NSEC3PARAMRecord.class::cast)
                .filter(p -> p.getFlags() == 0).findFirst();
        if (chosen.isEmpty()) {
            return Optional.empty();
        }
        TreeMap<String, RecordSet> byHash = new TreeMap<>();
        index.forEach((owner, byType) -> {
            RecordSet nsec3 = byType.get(Type.NSEC3);
            if (nsec3 != null && owner.labels() == origin.labels() + 1 && madeWith(nsec3, chosen.get())) {
                byHash.put(hashLabel(owner), nsec3);
            }
        });
        return byHash.isEmpty() ? Optional.empty() : Optional.of(new Nsec3Chain(chosen.get(), byHash));
    }

    private static boolean madeWith(RecordSet nsec3, NSEC3PARAMRecord parameters) {
        NSEC3Record record = (NSEC3Record) nsec3.first();
        return record.getHashAlgorithm() == parameters.getHashAlgorithm()
                && record.getIterations() == parameters.getIterations()
                && Arrays.equals(record.getSalt(), parameters.getSalt());
    }

    private static String hashLabel(Name owner) {
        return owner.getLabelString(0).toUpperCase(Locale.ROOT);
    }

    @Override
    public List<RecordSet> nameError(Name name, Name closestEncloser) {
        List<RecordSet> proof = new ArrayList<>(3);
        closestEncloserProof(name, proof).flatMap(ZoneLookup::wildcardOf)
                .ifPresent(wildcard -> proof.add(covering(wildcard)));
        return proof;
    }

    @Override
    public List<RecordSet> noData(Name name) {
        Optional<RecordSet> matching = matching(name);
        if (matching.isPresent()) {
            return List.of(matching.get());
        }
        // No NSEC3 at the name: a cut or an empty non-terminal left out of an opt-out chain. The closest-encloser
        // proof shows the name is covered by an opt-out span (RFC 5155 §7.2.4).
        List<RecordSet> proof = new ArrayList<>(2);
        closestEncloserProof(name, proof);
        return proof;
    }

    @Override
    public List<RecordSet> wildcardNoData(Name name, Name closestEncloser) {
        List<RecordSet> proof = new ArrayList<>(3);
        closestEncloserProof(name, proof).flatMap(ZoneLookup::wildcardOf).flatMap(this::matching)
                .ifPresent(proof::add);
        return proof;
    }

    @Override
    public List<RecordSet> wildcardAnswer(Name name, Name closestEncloser) {
        return List.of(covering(nextCloser(name, closestEncloser)));
    }

    @Override
    public List<RecordSet> noDelegationSigner(Name cut) {
        return noData(cut);
    }

    /**
     * RFC 5155 §7.2.1: the NSEC3 matching the closest provable encloser of {@code name} and the one covering the
     * next closer name, added to {@code proof}. Returns the closest provable encloser: the deepest ancestor with a
     * matching NSEC3. A correct chain always has one for the apex; a zone whose chain lacks it gets no proof (its
     * validating clients will call the answer bogus, as they should) rather than a failed reply.
     */
    private Optional<Name> closestEncloserProof(Name name, List<RecordSet> proof) {
        Name nextCloser = name;
        for (int strip = 1; strip < name.labels(); strip++) {
            Name candidate = new Name(name, strip);
            Optional<RecordSet> matching = matching(candidate);
            if (matching.isPresent()) {
                proof.add(matching.get());
                proof.add(covering(nextCloser));
                return Optional.of(candidate);
            }
            nextCloser = candidate;
        }
        return Optional.empty();
    }

    /** The ancestor of {@code name} one label below {@code closestEncloser} (RFC 5155 §1.3). */
    private static Name nextCloser(Name name, Name closestEncloser) {
        return new Name(name, name.labels() - closestEncloser.labels() - 1);
    }

    private Optional<RecordSet> matching(Name name) {
        return Optional.ofNullable(byHash.get(hash(name)));
    }

    /** The NSEC3 whose hash is the last one before {@code name}'s, wrapping to the last of the chain. */
    private RecordSet covering(Name name) {
        Map.Entry<String, RecordSet> before = byHash.lowerEntry(hash(name));
        return (before != null ? before : byHash.lastEntry()).getValue();
    }

    private String hash(Name name) {
        try {
            return BASE32HEX.toString(parameters.hashName(name));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every Java platform", e);
        }
    }
}
