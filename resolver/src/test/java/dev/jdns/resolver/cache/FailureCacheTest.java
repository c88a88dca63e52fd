package dev.jdns.resolver.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.resolver.cache.FailureCache.Subject;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

class FailureCacheTest {

    private final FakeTicker ticker = new FakeTicker();
    private final FailureCache cache = new FailureCache(ticker);
    private final Subject zone = new Subject.Zone(Name.fromConstantString("cycle.test."), Type.A);

    @Test
    void aFailureIsRememberedForOneSecondFirst() {
        FailureCache.Backoff first = cache.recordFailure(zone);

        assertEquals(new FailureCache.Backoff(1, Duration.ofSeconds(1), Duration.ofSeconds(1), true), first);
        ticker.advance(Duration.ofMillis(999));
        assertEquals(Duration.ofMillis(1), cache.backoff(zone).orElseThrow().left());
        ticker.advance(Duration.ofMillis(1));
        assertTrue(cache.backoff(zone).isEmpty(), "the backoff is over: ask again");
    }

    @Test
    void theBackoffDoublesWhileFailuresRepeatUpToFiveMinutes() {
        List<Long> backoffs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            FailureCache.Backoff backoff = cache.recordFailure(zone);
            backoffs.add(backoff.backoff().toSeconds());
            ticker.advance(backoff.backoff());
        }
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 300L, 300L, 300L), backoffs);
    }

    @Test
    void aServerAddressIsBackedOffAfterThreeTimeoutsInARow() {
        Subject server = new Subject.Server(new InetSocketAddress("192.0.2.1", 53));

        assertEquals(Duration.ZERO, cache.recordFailure(server).backoff());
        assertEquals(Duration.ZERO, cache.recordFailure(server).backoff());
        assertTrue(cache.backoff(server).isEmpty(), "two timeouts: still asked");
        assertEquals(Duration.ofSeconds(1), cache.recordFailure(server).backoff());
        assertTrue(cache.backoff(server).isPresent());

        cache.recordSuccess(server);
        assertEquals(Duration.ZERO, cache.recordFailure(server).backoff(), "an answer starts the count again");
    }

    @Test
    void aFailureWhileTheBackoffRunsIsTheSameFailure() {
        cache.recordFailure(zone);
        ticker.advance(Duration.ofMillis(500));

        FailureCache.Backoff again = cache.recordFailure(zone);

        assertFalse(again.recorded());
        assertEquals(1, again.failures());
        assertEquals(Duration.ofMillis(500), again.left());
    }

    @Test
    void aSuccessForgetsTheFailures() {
        for (int i = 0; i < 4; i++) {
            ticker.advance(cache.recordFailure(zone).backoff());
        }
        cache.recordSuccess(zone);

        assertTrue(cache.backoff(zone).isEmpty());
        assertEquals(Duration.ofSeconds(1), cache.recordFailure(zone).backoff(), "counted from the start again");
    }

    @Test
    void aFailureNotRepeatedForLongIsForgotten() {
        ticker.advance(cache.recordFailure(zone).backoff());
        ticker.advance(cache.recordFailure(zone).backoff());
        ticker.advance(FailureCache.DEFAULT_MAX_BACKOFF);

        assertEquals(Duration.ofSeconds(1), cache.recordFailure(zone).backoff());
    }

    @Test
    void subjectsAreSeparateAndZoneNamesIgnoreCase() {
        InetSocketAddress server = new InetSocketAddress("192.0.2.1", 53);
        cache.recordFailure(new Subject.ServerForZone(server, Name.fromConstantString("A.Test."), Type.AAAA));

        assertTrue(cache.backoff(new Subject.ServerForZone(server, Name.fromConstantString("a.test."), Type.AAAA))
                .isPresent());
        assertTrue(cache.backoff(new Subject.ServerForZone(server, Name.fromConstantString("a.test."), Type.A))
                .isEmpty(), "lame for one type is not lame for another");
        assertTrue(cache.backoff(new Subject.ServerForZone(server, Name.fromConstantString("b.test."), Type.AAAA))
                .isEmpty());
        assertTrue(cache.backoff(new Subject.Server(server)).isEmpty());
        assertTrue(cache.backoff(new Subject.Zone(Name.fromConstantString("a.test."), Type.AAAA)).isEmpty());
    }

    @Test
    void theNumberOfFailuresKeptIsBounded() {
        FailureCache small = new FailureCache(100, Duration.ofSeconds(1), Duration.ofMinutes(5), ticker);
        for (int i = 0; i < 1_000; i++) {
            small.recordFailure(new Subject.Zone(Name.fromConstantString("z" + i + ".test."), Type.A));
        }
        assertTrue(small.estimatedSize() <= 100, "size " + small.estimatedSize());
    }

    @Test
    void aBackoffUnderOneSecondIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new FailureCache(10, Duration.ofMillis(500), Duration.ofMinutes(5), ticker));
    }
}
