package dev.jdns.authoritative.dnssec;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When the signatures a signer makes are valid, and when they are made again.
 *
 * <p>Inception is set in the past so that a validator whose clock is behind ours still accepts a fresh signature
 * (RFC 4035 section 5.3.1 checks the inception against the validator's clock). The zone is re-signed once less
 * than {@code refreshBefore} of the validity remains, which leaves resolvers holding a cached signature (for up to
 * the RRset's TTL) time to fetch a new one before the old one expires.
 *
 * @param backdate       how far in the past the inception is
 * @param validity       from signing to expiry
 * @param refreshBefore  re-sign when less than this remains before expiry
 */
public record SignaturePolicy(Duration backdate, Duration validity, Duration refreshBefore) {

    /** One hour of clock skew, 14 days of validity, re-signed with a third (4 days 16 h) left. */
    public static final SignaturePolicy DEFAULT = of(Duration.ofDays(14));

    public SignaturePolicy {
        Objects.requireNonNull(backdate, "backdate");
        Objects.requireNonNull(validity, "validity");
        Objects.requireNonNull(refreshBefore, "refreshBefore");
        if (backdate.isNegative() || !validity.isPositive() || !refreshBefore.isPositive()
                || refreshBefore.compareTo(validity) >= 0) {
            throw new IllegalArgumentException("need backdate >= 0 and 0 < refreshBefore < validity: " + backdate
                    + ", " + validity + ", " + refreshBefore);
        }
    }

    /** A validity with the default backdate (1 h) and refreshed when a third of it remains. */
    public static SignaturePolicy of(Duration validity) {
        return new SignaturePolicy(Duration.ofHours(1), validity, validity.dividedBy(3));
    }

    public Instant inception(Instant now) {
        return now.minus(backdate);
    }

    public Instant expiration(Instant now) {
        return now.plus(validity);
    }

    /** Whether a signature expiring at {@code expiration} must be replaced at {@code now}. */
    public boolean due(Instant expiration, Instant now) {
        return !now.isBefore(expiration.minus(refreshBefore));
    }
}
