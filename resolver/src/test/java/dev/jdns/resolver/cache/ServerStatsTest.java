package dev.jdns.resolver.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ServerStatsTest {

    private static final InetSocketAddress A = server(1);
    private static final InetSocketAddress B = server(2);
    private static final InetSocketAddress C = server(3);

    private final FakeTicker clock = new FakeTicker();
    private final ServerStats stats = new ServerStats(100, ServerStats.DEFAULT_MEMORY, clock, new Random(7));

    @Test
    void fastestServerComesFirst() {
        stats.recordRtt(A, Duration.ofMillis(50));
        stats.recordRtt(B, Duration.ofMillis(10));
        stats.recordRtt(C, Duration.ofMillis(30));

        assertEquals(List.of(B, C, A), stats.order(List.of(A, B, C)));
    }

    @Test
    void rttIsSmoothed() {
        stats.recordRtt(A, Duration.ofMillis(100));
        stats.recordRtt(A, Duration.ofMillis(10));

        assertEquals(Duration.ofMillis(73), stats.smoothedRtt(A).orElseThrow());
    }

    @Test
    void timeoutsPushAServerBehindSlowerWorkingOnesAndAreCapped() {
        stats.recordRtt(A, Duration.ofMillis(1));
        stats.recordRtt(B, Duration.ofMillis(300));
        stats.recordTimeout(A);

        assertEquals(List.of(B, A), stats.order(List.of(A, B)));
        for (int i = 0; i < 20; i++) {
            stats.recordTimeout(A);
        }
        assertEquals(21, stats.consecutiveTimeouts(A));
        assertEquals(Duration.ofMillis((long) ServerStats.MAX_RTT_MILLIS), stats.smoothedRtt(A).orElseThrow());

        stats.recordRtt(A, Duration.ofMillis(1));
        assertEquals(0, stats.consecutiveTimeouts(A));
    }

    @Test
    void unmeasuredServersGoBeforeSlowOnesAndAfterVeryFastOnes() {
        stats.recordRtt(A, Duration.ofMillis(200));
        assertEquals(List.of(B, A), stats.order(List.of(A, B)));

        stats.recordRtt(C, Duration.ZERO);
        assertEquals(C, stats.order(List.of(B, C)).get(0));
    }

    @Test
    void measurementsAreForgottenSoAPenalisedServerGetsAnotherChance() {
        stats.recordTimeout(A);
        stats.recordRtt(B, Duration.ofMillis(100));
        assertEquals(List.of(B, A), stats.order(List.of(A, B)));

        clock.advance(ServerStats.DEFAULT_MEMORY);

        assertEquals(Optional.empty(), stats.smoothedRtt(A));
        assertEquals(0, stats.consecutiveTimeouts(A));
    }

    @Test
    void sizeIsBounded() {
        ServerStats small = new ServerStats(20, ServerStats.DEFAULT_MEMORY, clock, new Random(1));
        for (int i = 0; i < 200; i++) {
            small.recordRtt(server(i), Duration.ofMillis(i));
        }
        assertTrue(small.estimatedSize() <= 20, "size " + small.estimatedSize());
    }

    @Test
    void duplicatesAreListedOnce() {
        assertEquals(2, stats.order(List.of(A, B, A)).size());
    }

    private static InetSocketAddress server(int n) {
        return new InetSocketAddress("127.0." + (n / 250) + "." + (n % 250 + 1), 53);
    }
}
