package dev.jdns.cli.dig.trust;

import java.time.Instant;
import java.util.Optional;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;

/**
 * How the signatures over one RRset came out: the RRSIG that decided (the one that verified, or the most telling
 * failure) and the result.
 *
 * @param rrset     the RRset, as {@code owner TYPE}
 * @param signature the deciding RRSIG; empty when there was none to try
 * @param result    what verifying it gave
 */
public record SignatureCheck(String rrset, Optional<RRSIGRecord> signature, Result result) {

    /** Outcomes, from best to worst as a reason for a bogus verdict is chosen. */
    public enum Result {
        VALID("valid"),
        EXPIRED("expired"),
        NOT_YET_VALID("not yet valid"),
        INVALID("does not verify"),
        UNSUPPORTED_ALGORITHM("unsupported algorithm"),
        NO_MATCHING_KEY("made by no key of the zone"),
        NOT_CHECKED("not checked: work limit reached"),
        MISSING("missing");

        private final String text;

        Result(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    public boolean valid() {
        return result == Result.VALID;
    }

    public Optional<Integer> keyTag() {
        return signature.map(RRSIGRecord::getFootprint);
    }

    public Optional<Name> signer() {
        return signature.map(RRSIGRecord::getSigner);
    }

    public Optional<Instant> inception() {
        return signature.map(RRSIGRecord::getTimeSigned);
    }

    public Optional<Instant> expiration() {
        return signature.map(RRSIGRecord::getExpire);
    }
}
