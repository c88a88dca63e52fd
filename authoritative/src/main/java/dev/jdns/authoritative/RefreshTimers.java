package dev.jdns.authoritative;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.xbill.DNS.SOARecord;

/**
 * When a secondary zone next asks its primary, and when its copy expires (RFC 1034 §4.3.5, RFC 1035 §3.3.13): the
 * SOA's REFRESH after each successful contact, its RETRY after each failed one, and the copy stops being served
 * once EXPIRE has passed since the last successful contact. Immutable: each event gives the next timers.
 *
 * <p>REFRESH and RETRY are held between {@link #MIN_INTERVAL} and {@link #MAX_INTERVAL}, as Knot and BIND clamp
 * them: a zone with REFRESH 0 must not make us hammer its primary, one with a year must still be checked.
 *
 * @param soa       the SOA of the copy we hold, if any (its timers); without one, {@link #NO_COPY_RETRY} applies
 * @param confirmed when the primary last confirmed (or sent) the copy
 * @param nextCheck when to ask the primary next
 */
record RefreshTimers(Optional<SOARecord> soa, Optional<Instant> confirmed, Instant nextCheck) {

    static final Duration MIN_INTERVAL = Duration.ofSeconds(2);
    static final Duration MAX_INTERVAL = Duration.ofDays(1);
    /** How often a zone we have no copy of asks again: it answers SERVFAIL until then. */
    static final Duration NO_COPY_RETRY = Duration.ofSeconds(30);

    /** At start: a saved copy (if any) with the time it was last confirmed; the primary is asked at once. */
    static RefreshTimers start(Optional<SOARecord> soa, Optional<Instant> confirmed, Instant now) {
        return new RefreshTimers(soa, confirmed, now);
    }

    /** The primary sent or confirmed the version with {@code soa} at {@code now}. */
    RefreshTimers contacted(SOARecord current, Instant now) {
        return new RefreshTimers(Optional.of(current), Optional.of(now), now.plus(clamped(current.getRefresh())));
    }

    /** No primary could be reached, or none sent a usable zone. */
    RefreshTimers failed(Instant now) {
        Duration retry = soa.map(s -> clamped(s.getRetry())).orElse(NO_COPY_RETRY);
        return new RefreshTimers(soa, confirmed, now.plus(retry));
    }

    /** A NOTIFY came (RFC 1996 §4.7): ask at once. */
    RefreshTimers notified(Instant now) {
        return new RefreshTimers(soa, confirmed, now);
    }

    boolean due(Instant now) {
        return !now.isBefore(nextCheck);
    }

    /** When the copy expires: EXPIRE after the last confirmation; empty without a copy. */
    Optional<Instant> expiry() {
        if (soa.isEmpty() || confirmed.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(confirmed.get().plusSeconds(soa.get().getExpire()));
    }

    /** Whether the copy must no longer be served: its EXPIRE has passed with no successful contact. */
    boolean expired(Instant now) {
        return expiry().map(at -> !now.isBefore(at)).orElse(false);
    }

    private static Duration clamped(long seconds) {
        Duration interval = Duration.ofSeconds(seconds);
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            return MIN_INTERVAL;
        }
        return interval.compareTo(MAX_INTERVAL) > 0 ? MAX_INTERVAL : interval;
    }
}
