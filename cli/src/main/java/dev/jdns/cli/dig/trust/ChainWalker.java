package dev.jdns.cli.dig.trust;

import dev.jdns.resolver.Resolution;
import dev.jdns.resolver.Resolver;
import dev.jdns.resolver.core.Question;
import dev.jdns.resolver.core.ResolutionObserver;
import dev.jdns.resolver.validate.TrustAnchors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Walks the chain of trust for one name, as a validator does (RFC 4035 §5): from the trust anchor's zone down, each
 * child's DS set is asked of the jdns resolver, checked against the parent's keys, and matched to the child's DNSKEY
 * set, whose signature by a matching key must verify; a name without DS must be proven so by the parent's NSEC or
 * NSEC3 records, which either show an unsigned delegation (the rest is insecure) or that the name is no zone cut.
 * Every lookup goes through the resolver's cache, so the records judged are those the resolver holds.
 */
final class ChainWalker {

    private final Resolver pipeline;
    private final List<RRset> anchors;
    private final SignatureVerifier signatures;
    private final KeyMatcher keyMatcher;
    private final DenialOfDs denials;

    ChainWalker(Resolver pipeline, TrustAnchors anchors, SignatureVerifier signatures, KeyMatcher keyMatcher,
            DenialOfDs denials) {
        this.pipeline = pipeline;
        this.anchors = anchors.rrsets();
        this.signatures = signatures;
        this.keyMatcher = keyMatcher;
        this.denials = denials;
    }

    /** Where a walk toward one name ended: the deepest secure zone and its keys, or the verdict that stopped it. */
    record Reached(Name zone, List<DNSKEYRecord> keys, Verdict verdict) {}

    /** One walk: the zones it entered (each once, whatever the number of names walked toward) and its end. */
    final class Walk {
        private final Map<Name, ZoneLink> links = new LinkedHashMap<>();
        private Optional<DsDenial> insecurity = Optional.empty();

        List<ZoneLink> links() {
            return List.copyOf(links.values());
        }

        Optional<DsDenial> insecurity() {
            return insecurity;
        }

        /** Walks from the anchor down to {@code target} (a signer's zone, or the owner of unsigned data). */
        Reached toward(Name target) {
            Optional<RRset> anchor = closestAnchor(target);
            if (anchor.isEmpty()) {
                return new Reached(Name.root, List.of(), Verdict.indeterminate("no trust anchor covers " + target));
            }
            Name zone = anchor.get().getName();
            ZoneLink top = links.computeIfAbsent(zone, z -> enter(z, anchorDs(anchor.get()), true, Optional.empty()));
            if (!top.verdict().secure()) {
                return new Reached(zone, top.keys(), top.verdict());
            }
            List<DNSKEYRecord> keys = top.keys();
            Name cursor = zone;
            while (!cursor.equals(target)) {
                cursor = new Name(target, target.labels() - cursor.labels() - 1);
                Optional<Reached> stop = step(zone, keys, cursor);
                if (stop.isPresent()) {
                    return stop.get();
                }
                ZoneLink entered = links.get(cursor);
                if (entered != null) {
                    zone = cursor;
                    keys = entered.keys();
                }
            }
            return new Reached(zone, keys, Verdict.secure("every link from the trust anchor down verifies"));
        }

        /** Asks {@code name}'s DS in {@code zone}: enters the child zone, or reads the proof there is none. */
        private Optional<Reached> step(Name zone, List<DNSKEYRecord> keys, Name name) {
            if (links.containsKey(name)) {
                ZoneLink known = links.get(name);
                return known.verdict().secure() ? Optional.empty()
                        : Optional.of(new Reached(name, known.keys(), known.verdict()));
            }
            Resolution reply = lookup(name, Type.DS);
            List<DSRecord> dsSet = ofType(reply.answer(), DSRecord.class);
            if (!dsSet.isEmpty()) {
                SignatureCheck dsSignature = signatures.check(List.copyOf(dsSet),
                        SignatureVerifier.over(dsSet.getFirst(), reply.answer()), keys, zone);
                ZoneLink link = dsSignature.valid() ? enter(name, dsSet, false, Optional.of(dsSignature))
                        : new ZoneLink(name, false, Optional.of(dsSignature), List.of(), List.of(), Optional.empty(),
                                SignatureReasons.bogus("the DS set of " + name + " in " + zone, dsSignature));
                links.put(name, link);
                return link.verdict().secure() ? Optional.empty()
                        : Optional.of(new Reached(name, link.keys(), link.verdict()));
            }
            List<Record> proofs = new ArrayList<>(reply.authority());
            proofs.addAll(reply.answer());
            DsDenial denial = denials.read(name, proofs, zone, keys);
            if (denial.kind() == DsDenial.Kind.UNPROVEN) {
                return Optional.of(new Reached(zone, keys, Verdict.bogus(ExtendedErrorCodeOption.NSEC_MISSING,
                        "no DS for " + name + " and no NSEC or NSEC3 from " + zone + " proving there is none")));
            }
            SignatureCheck proofSignature = denial.signature().orElseThrow();
            if (!proofSignature.valid()) {
                return Optional.of(new Reached(zone, keys, SignatureReasons.bogus("the proof that " + name
                        + " has no DS", proofSignature)));
            }
            if (denial.insecure()) {
                insecurity = Optional.of(denial);
                return Optional.of(new Reached(zone, keys, Verdict.insecure(name + ": " + denial.kind().text()
                        + ", proven by " + zone + "'s " + Type.string(denial.proof().orElseThrow().getType()))));
            }
            return Optional.empty();
        }
    }

    Walk walk() {
        return new Walk();
    }

    /** The zone's link: its DS set matched to its keys, and the key set's signature by a matching key. */
    private ZoneLink enter(Name zone, List<DSRecord> dsSet, boolean fromAnchor, Optional<SignatureCheck> dsSignature) {
        Resolution reply = lookup(zone, Type.DNSKEY);
        List<DNSKEYRecord> keys = ofType(reply.answer(), DNSKEYRecord.class);
        List<KeyMatch> matches = keyMatcher.match(dsSet, keys);
        if (matches.stream().noneMatch(KeyMatch::usable)) {
            return new ZoneLink(zone, fromAnchor, dsSignature, matches, keys, Optional.empty(),
                    Verdict.insecure("no DS of " + zone + " has a digest type and algorithm jdns supports"
                            + " (RFC 4035 §5.2): treated as unsigned"));
        }
        if (keys.isEmpty()) {
            return new ZoneLink(zone, fromAnchor, dsSignature, matches, keys, Optional.empty(),
                    Verdict.bogus(ExtendedErrorCodeOption.DNSKEY_MISSING, zone + " has a DS but no DNSKEY set"));
        }
        List<DNSKEYRecord> matching = matches.stream().filter(KeyMatch::matches)
                .map(match -> match.key().orElseThrow()).toList();
        if (matching.isEmpty()) {
            return new ZoneLink(zone, fromAnchor, dsSignature, matches, keys, Optional.empty(),
                    Verdict.bogus(ExtendedErrorCodeOption.DNSKEY_MISSING, "no DNSKEY of " + zone + " matches "
                            + (fromAnchor ? "the trust anchor" : "its DS")));
        }
        SignatureCheck keySet = signatures.check(List.copyOf(keys),
                SignatureVerifier.over(keys.getFirst(), reply.answer()), matching, zone);
        Verdict verdict = keySet.valid() ? Verdict.secure(zone + " is secure")
                : SignatureReasons.bogus("the DNSKEY set of " + zone, keySet);
        return new ZoneLink(zone, fromAnchor, dsSignature, matches, keys, Optional.of(keySet), verdict);
    }

    /** The anchor whose owner is the closest enclosing zone of {@code name}. */
    private Optional<RRset> closestAnchor(Name name) {
        RRset best = null;
        for (RRset anchor : anchors) {
            if (name.subdomain(anchor.getName()) && (best == null || anchor.getName().labels() > best.getName()
                    .labels())) {
                best = anchor;
            }
        }
        return Optional.ofNullable(best);
    }

    /** A DS anchor as it is; a DNSKEY anchor as the SHA-256 DS of each key, so both are matched alike. */
    private static List<DSRecord> anchorDs(RRset anchor) {
        List<DSRecord> dsSet = new ArrayList<>();
        for (Record record : anchor.rrs(false)) {
            if (record instanceof DSRecord ds) {
                dsSet.add(ds);
            } else if (record instanceof DNSKEYRecord key) {
                dsSet.add(new DSRecord(key.getName(), key.getDClass(), key.getTTL(), DSRecord.Digest.SHA256, key));
            }
        }
        return dsSet;
    }

    private Resolution lookup(Name name, int type) {
        return pipeline.resolve(Question.in(name, type), true, ResolutionObserver.NONE, true);
    }

    private static <T extends Record> List<T> ofType(List<Record> records, Class<T> type) {
        return records.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
