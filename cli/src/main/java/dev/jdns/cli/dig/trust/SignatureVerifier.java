package dev.jdns.cli.dig.trust;

import dev.jdns.cli.dig.trust.SignatureCheck.Result;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Verifies the RRSIGs over an RRset with a zone's keys, through dnsjava's {@link DNSSEC#verify} (the cryptography,
 * the canonical form and the validity period, RFC 4034 §3.1.8.1 and RFC 4035 §5.3). At most
 * {@code maxVerifications} signature checks per RRset, as the validators bound them after KeyTrap (CVE-2023-50387).
 */
final class SignatureVerifier {

    private final Clock clock;
    private final int maxVerifications;

    SignatureVerifier(Clock clock, int maxVerifications) {
        this.clock = clock;
        this.maxVerifications = maxVerifications;
    }

    /**
     * The first RRSIG by {@code zone} that a key of {@code keys} verifies over {@code records}, else the most telling
     * failure (an expired signature says more than a missing one).
     */
    SignatureCheck check(List<Record> records, List<RRSIGRecord> signatures, List<DNSKEYRecord> keys, Name zone) {
        Record first = records.getFirst();
        String rrset = first.getName() + " " + Type.string(first.getType());
        RRset set = new RRset();
        records.forEach(set::addRR);
        SignatureCheck worst = new SignatureCheck(rrset, Optional.empty(), Result.MISSING);
        int tried = 0;
        for (RRSIGRecord signature : signatures) {
            if (!signature.getSigner().equals(zone)) {
                worst = worse(worst, new SignatureCheck(rrset, Optional.of(signature), Result.NO_MATCHING_KEY));
                continue;
            }
            boolean keyFound = false;
            for (DNSKEYRecord key : keys) {
                if (key.getFootprint() != signature.getFootprint() || key.getAlgorithm() != signature.getAlgorithm()) {
                    continue;
                }
                keyFound = true;
                if (tried++ == maxVerifications) {
                    // The limit, not the data, ends the search: that is what to report (KeyTrap-style key sets).
                    return new SignatureCheck(rrset, Optional.of(signature), Result.NOT_CHECKED);
                }
                Result result = verify(set, signature, key);
                if (result == Result.VALID) {
                    return new SignatureCheck(rrset, Optional.of(signature), result);
                }
                worst = worse(worst, new SignatureCheck(rrset, Optional.of(signature), result));
            }
            if (!keyFound) {
                worst = worse(worst, new SignatureCheck(rrset, Optional.of(signature), Result.NO_MATCHING_KEY));
            }
        }
        return worst;
    }

    /** The RRSIGs among {@code records} that cover {@code record}'s RRset (same owner, type covered). */
    static List<RRSIGRecord> over(Record record, List<Record> records) {
        List<RRSIGRecord> found = new ArrayList<>();
        for (Record candidate : records) {
            if (candidate instanceof RRSIGRecord sig && sig.getName().equals(record.getName())
                    && sig.getTypeCovered() == record.getType()) {
                found.add(sig);
            }
        }
        return found;
    }

    private Result verify(RRset set, RRSIGRecord signature, DNSKEYRecord key) {
        try {
            DNSSEC.verify(set, signature, key, clock.instant());
            return Result.VALID;
        } catch (DNSSEC.SignatureExpiredException e) {
            return Result.EXPIRED;
        } catch (DNSSEC.SignatureNotYetValidException e) {
            return Result.NOT_YET_VALID;
        } catch (DNSSEC.UnsupportedAlgorithmException e) {
            return Result.UNSUPPORTED_ALGORITHM;
        } catch (DNSSEC.DNSSECException e) {
            return Result.INVALID;
        }
    }

    /** The check that better explains a failure: the lower {@link Result} ordinal (VALID never reaches here). */
    private static SignatureCheck worse(SignatureCheck kept, SignatureCheck candidate) {
        return candidate.result().ordinal() < kept.result().ordinal() ? candidate : kept;
    }
}
