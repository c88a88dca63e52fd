package dev.jdns.resolver.validate;

import dev.jdns.resolver.Resolution;
import dev.jdns.resolver.Resolver;
import dev.jdns.resolver.core.Question;
import dev.jdns.resolver.core.ResolutionObserver;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * Says which link of a chain of trust broke when dnsjava's validator only says "DNSSEC Bogus" about a zone's keys
 * (it reports a key set that fails as "not secured by a DNSKEY that matches the DS", whatever the reason): no key
 * matches the parent's DS (RFC 8914 §4.10, DNSKEY Missing), or the matching key's signature over the key set is
 * expired or not yet valid (§4.8, §4.9), as Unbound reports them. Runs only for a bogus verdict, on the DS and
 * DNSKEY sets the validator just fetched (cached), within the same limits as validation: at most
 * {@link ValidationLimits#maxDsMatchFailures()} keys digested per DS and
 * {@link ValidationLimits#maxSignaturesPerRRset()} signatures checked.
 */
final class BogusDiagnosis {

    /** Zones looked at per answer: the signers of a short alias chain. */
    private static final int MAX_ZONES = 4;

    private final Resolver pipeline;
    private final ValidationLimits limits;
    private final Clock clock;

    BogusDiagnosis(Resolver pipeline, ValidationLimits limits, Clock clock) {
        this.pipeline = pipeline;
        this.limits = limits;
        this.clock = clock;
    }

    /** A more precise error than DNSSEC Bogus for {@code question}'s answer, when one of its zones' keys is why. */
    Optional<ExtendedErrorCodeOption> refine(Question question) {
        for (Name zone : zonesOf(lookup(question.name(), question.type()))) {
            Optional<ExtendedErrorCodeOption> found = diagnose(zone);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** The zones that signed the answer (RRSIG signers), or the zone of a negative answer (its SOA's owner). */
    private static Set<Name> zonesOf(Resolution raw) {
        Set<Name> zones = new LinkedHashSet<>();
        for (List<Record> section : List.of(raw.answer(), raw.authority())) {
            for (Record record : section) {
                if (record instanceof RRSIGRecord sig) {
                    zones.add(sig.getSigner());
                } else if (record instanceof SOARecord) {
                    zones.add(record.getName());
                }
            }
        }
        return zones.stream().limit(MAX_ZONES).collect(LinkedHashSet::new, Set::add, Set::addAll);
    }

    private Optional<ExtendedErrorCodeOption> diagnose(Name zone) {
        List<DSRecord> dsSet = ofType(lookup(zone, Type.DS).answer(), DSRecord.class);
        if (dsSet.isEmpty()) {
            return Optional.empty(); // an unsigned delegation, or the DS itself failed: nothing to add
        }
        Resolution keyAnswer = lookup(zone, Type.DNSKEY);
        List<DNSKEYRecord> keys = ofType(keyAnswer.answer(), DNSKEYRecord.class);
        List<DNSKEYRecord> matching = keysMatching(dsSet, keys);
        if (matching.isEmpty()) {
            return Optional.of(new ExtendedErrorCodeOption(ExtendedErrorCodeOption.DNSKEY_MISSING,
                    "no DNSKEY of " + zone + " matches its DS"));
        }
        RRset keySet = new RRset();
        keys.forEach(keySet::addRR);
        ofType(keyAnswer.answer(), RRSIGRecord.class).stream()
                .filter(sig -> sig.getTypeCovered() == Type.DNSKEY)
                .forEach(keySet::addRR);
        return signatureTiming(zone, keySet, matching);
    }

    /** The keys a DS names by tag and algorithm whose digest matches it (RFC 4034 §5.1.4). */
    private List<DNSKEYRecord> keysMatching(List<DSRecord> dsSet, List<DNSKEYRecord> keys) {
        List<DNSKEYRecord> matching = new ArrayList<>();
        for (DSRecord ds : dsSet) {
            int digested = 0;
            for (DNSKEYRecord key : keys) {
                if (!DsMatch.namesKey(ds, key)) {
                    continue;
                }
                if (digested++ == limits.maxDsMatchFailures()) {
                    break; // key-tag collisions planted to waste work (KeyTrap)
                }
                if (DsMatch.digestMatches(ds, key)) {
                    matching.add(key);
                }
            }
        }
        return matching;
    }

    /** Expired or not yet valid, when that is why the matching keys' signatures over the key set fail. */
    private Optional<ExtendedErrorCodeOption> signatureTiming(Name zone, RRset keySet, List<DNSKEYRecord> keys) {
        int checked = 0;
        for (RRSIGRecord sig : keySet.sigs()) {
            for (DNSKEYRecord key : keys) {
                if (key.getFootprint() != sig.getFootprint() || checked++ >= limits.maxSignaturesPerRRset()) {
                    continue;
                }
                try {
                    DNSSEC.verify(keySet, sig, key, clock.instant());
                    return Optional.empty(); // the key set is fine: the break is elsewhere
                } catch (DNSSEC.SignatureExpiredException e) {
                    return Optional.of(new ExtendedErrorCodeOption(ExtendedErrorCodeOption.SIGNATURE_EXPIRED,
                            "the DNSKEY set of " + zone + " is signed until " + sig.getExpire()));
                } catch (DNSSEC.SignatureNotYetValidException e) {
                    return Optional.of(new ExtendedErrorCodeOption(ExtendedErrorCodeOption.SIGNATURE_NOT_YET_VALID,
                            "the DNSKEY set of " + zone + " is signed from " + sig.getTimeSigned()));
                } catch (DNSSEC.DNSSECException e) {
                    // a bad signature: another may still tell the timing
                }
            }
        }
        return Optional.empty();
    }

    private Resolution lookup(Name name, int type) {
        return pipeline.resolve(Question.in(name, type), true, ResolutionObserver.NONE, true);
    }

    private static <T extends Record> List<T> ofType(List<Record> records, Class<T> type) {
        return records.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
