package dev.jdns.cli.dig.trust;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.jdns.resolver.Resolution;
import dev.jdns.resolver.Resolver;
import dev.jdns.resolver.ValidatedAnswer;
import dev.jdns.resolver.core.Question;
import dev.jdns.resolver.validate.TrustAnchors;
import dev.jdns.resolver.validate.ValidationLimits;
import dev.jdns.resolver.validate.Validator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Tells the chain of trust behind an answer of the jdns resolver ({@code jdns dig +explain} with DNSSEC): the
 * {@link ChainWalker}'s zones from the trust anchor down, the signature over each RRset of the answer (and of a
 * negative answer's SOA and NSEC/NSEC3 records) by its zone's keys, the verdict those give, and, to check it, the
 * verdict of the resolver's own {@link Validator} on the same question. Work per answer is bounded by
 * {@link ValidationLimits#DEFAULTS}, the resolver's limits.
 */
public final class ChainOfTrust {

    /** The validator's verdict cache: a dig run asks a handful of questions. */
    private static final long VERDICT_CACHE_BYTES = 1 << 20;

    private final ChainWalker walker;
    private final SignatureVerifier signatures;
    private final Optional<Validator> validator;
    private final Optional<String> anchorSource;

    /**
     * @param pipeline     the explain resolver, built keeping DNSSEC records
     * @param anchors      the trust anchors; none gives an indeterminate verdict
     * @param anchorSource where the anchors came from, for the report
     */
    public ChainOfTrust(Resolver pipeline, TrustAnchors anchors, Optional<String> anchorSource, Clock clock) {
        ValidationLimits limits = ValidationLimits.DEFAULTS;
        this.signatures = new SignatureVerifier(clock, limits.maxSignaturesPerRRset());
        this.walker = new ChainWalker(pipeline, anchors, signatures, new KeyMatcher(limits.maxDsMatchFailures()),
                new DenialOfDs(signatures, limits.maxNsec3Iterations()));
        this.validator = anchors.isEmpty() ? Optional.empty()
                : Optional.of(Validator.over(pipeline, anchors, List.of(), VERDICT_CACHE_BYTES, Duration.ofDays(1),
                        Ticker.systemTicker()));
        this.anchorSource = anchors.isEmpty() ? Optional.empty() : anchorSource;
    }

    /** The chain behind {@code resolution}, the answer (with its DNSSEC records) the resolver gave {@code question}. */
    public ChainReport explain(Question question, Resolution resolution) {
        if (validator.isEmpty()) {
            Verdict none = Verdict.indeterminate("no trust anchor: give --trust-anchor FILE (DS or DNSKEY records)");
            return new ChainReport(Optional.empty(), List.of(), Optional.empty(), List.of(), none, none);
        }
        Verdict resolverVerdict = resolverVerdict(question);
        if (resolution.rcode() == Rcode.SERVFAIL) {
            Verdict failed = Verdict.indeterminate("the resolver found no answer to judge (SERVFAIL)");
            return new ChainReport(anchorSource, List.of(), Optional.empty(), List.of(), failed, resolverVerdict);
        }
        ChainWalker.Walk walk = walker.walk();
        List<SignatureCheck> checks = new ArrayList<>();
        List<Verdict> verdicts = new ArrayList<>();
        Map<String, List<Record>> rrsets = rrsets(resolution);
        if (rrsets.isEmpty()) {
            ChainWalker.Reached reached = walk.toward(question.name());
            verdicts.add(reached.verdict().secure() ? Verdict.bogus(ExtendedErrorCodeOption.NSEC_MISSING,
                    "a " + Rcode.string(resolution.rcode()) + " from the signed zone " + reached.zone()
                            + " without SOA or NSEC/NSEC3 records") : reached.verdict());
        }
        List<Record> all = new ArrayList<>(resolution.answer());
        all.addAll(resolution.authority());
        for (List<Record> rrset : rrsets.values()) {
            verdicts.add(judge(walk, rrset, SignatureVerifier.over(rrset.getFirst(), all), checks));
        }
        return new ChainReport(anchorSource, walk.links(), walk.insecurity(), checks, combine(verdicts),
                resolverVerdict);
    }

    /** One RRset: walked to its signer's zone (or, unsigned, to its owner) and checked with that zone's keys. */
    private Verdict judge(ChainWalker.Walk walk, List<Record> rrset, List<RRSIGRecord> sigs,
            List<SignatureCheck> checks) {
        Name owner = rrset.getFirst().getName();
        Optional<Name> signer = sigs.stream().map(RRSIGRecord::getSigner).filter(owner::subdomain).findFirst();
        ChainWalker.Reached reached = walk.toward(signer.orElse(owner));
        if (!reached.verdict().secure()) {
            return reached.verdict();
        }
        SignatureCheck check = signatures.check(rrset, sigs, reached.keys(), reached.zone());
        checks.add(check);
        return check.valid() ? Verdict.secure(check.rrset() + " is signed by " + reached.zone())
                : SignatureReasons.bogus(check.rrset(), check);
    }

    /** Bogus if any part is; else insecure if any part is; else indeterminate if any; else secure. */
    private static Verdict combine(List<Verdict> verdicts) {
        for (Verdict.Security security : List.of(Verdict.Security.BOGUS, Verdict.Security.INSECURE,
                Verdict.Security.INDETERMINATE)) {
            Optional<Verdict> found = verdicts.stream().filter(v -> v.security() == security).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
        }
        return Verdict.secure("every RRset of the answer verifies with keys chained to the trust anchor");
    }

    /** What the resolver's validator says: AD (secure), SERVFAIL with an Extended DNS Error (bogus), or neither. */
    private Verdict resolverVerdict(Question question) {
        ValidatedAnswer answer = validator.orElseThrow().resolve(question, true, false, true);
        if (answer.authenticated()) {
            return Verdict.secure("AD set");
        }
        if (answer.resolution().rcode() == Rcode.SERVFAIL) {
            return answer.error()
                    .map(ede -> Verdict.bogus(ede.getErrorCode(), "SERVFAIL: " + ede.getText()))
                    .orElseGet(() -> Verdict.indeterminate("SERVFAIL without a verdict: resolution failed"));
        }
        return Verdict.insecure("no AD: " + Rcode.string(answer.resolution().rcode()) + ", data not signed");
    }

    /**
     * The RRsets to check: every answer RRset, and the SOA and NSEC/NSEC3 records of the authority section (the
     * delegation NS set of a referral is not signed, RFC 4035 §2.2).
     */
    private static Map<String, List<Record>> rrsets(Resolution resolution) {
        Map<String, List<Record>> rrsets = new LinkedHashMap<>();
        for (Record record : resolution.answer()) {
            if (record.getType() != Type.RRSIG) {
                rrsets.computeIfAbsent(key(record), k -> new ArrayList<>()).add(record);
            }
        }
        for (Record record : resolution.authority()) {
            int type = record.getType();
            if (type == Type.SOA || type == Type.NSEC || type == Type.NSEC3) {
                rrsets.computeIfAbsent(key(record), k -> new ArrayList<>()).add(record);
            }
        }
        return rrsets;
    }

    private static String key(Record record) {
        return record.getName().canonicalize() + "/" + record.getType();
    }
}
