package dev.jdns.authoritative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;

/** The secondary's timers (RFC 1034 §4.3.5): REFRESH after contact, RETRY after failure, EXPIRE since contact. */
class RefreshTimersTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static SOARecord soa(long refresh, long retry, long expire) throws Exception {
        Name origin = Name.fromString("example.com.");
        return new SOARecord(origin, org.xbill.DNS.DClass.IN, 3600, Name.fromString("ns1.example.com."),
                Name.fromString("hostmaster.example.com."), 1, refresh, retry, expire, 300);
    }

    @Test
    void refreshAfterContactRetryAfterFailureExpireSinceContact() throws Exception {
        RefreshTimers timers = RefreshTimers.start(Optional.empty(), Optional.empty(), T0);
        assertTrue(timers.due(T0), "a zone is checked at start");
        assertFalse(timers.expired(T0.plus(Duration.ofDays(365))), "nothing to expire without a copy");
        assertEquals(T0.plus(RefreshTimers.NO_COPY_RETRY), timers.failed(T0).nextCheck());

        RefreshTimers contacted = timers.contacted(soa(3600, 600, 86400), T0);
        assertEquals(T0.plusSeconds(3600), contacted.nextCheck());
        assertFalse(contacted.due(T0.plusSeconds(3599)));
        Instant failedAt = T0.plusSeconds(3600);
        RefreshTimers failing = contacted.failed(failedAt);
        assertEquals(failedAt.plusSeconds(600), failing.nextCheck());
        assertFalse(failing.expired(T0.plusSeconds(86399)));
        assertTrue(failing.expired(T0.plusSeconds(86400)), "EXPIRE counts from the last contact, not the failures");
        assertTrue(failing.notified(failedAt.plusSeconds(1)).due(failedAt.plusSeconds(1)), "NOTIFY: ask at once");
    }

    @Test
    void intervalsAreClamped() throws Exception {
        assertEquals(T0.plus(RefreshTimers.MIN_INTERVAL),
                RefreshTimers.start(Optional.empty(), Optional.empty(), T0).contacted(soa(0, 0, 60), T0).nextCheck());
        assertEquals(T0.plus(RefreshTimers.MAX_INTERVAL), RefreshTimers.start(Optional.empty(), Optional.empty(), T0)
                .contacted(soa(0xFFFFFFFFL, 60, 0xFFFFFFFFL), T0).nextCheck());
    }
}
