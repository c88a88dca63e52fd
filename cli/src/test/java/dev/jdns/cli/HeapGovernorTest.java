package dev.jdns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * One heap governor per JVM, stopped with its resolver: every resolver a test started in-process used to start one
 * more, never stopped, each asking for a full collection every second.
 */
class HeapGovernorTest {

    /** A cache small enough that the test JVM's heap limit (-Xmx1g) counts as not chosen for it. */
    private static final long SMALL_CACHE = 1L << 20;

    @Test
    void aSecondResolverInTheSameJvmStartsNoSecondGovernorAndClosingStopsIt() throws Exception {
        assertTrue(Runtime.getRuntime().maxMemory() > 4 * (SMALL_CACHE + HeapGovernor.HEADROOM_BYTES),
                "the test needs a heap limit far above the budget");
        try (AutoCloseable first = HeapGovernor.startIfUnsized(SMALL_CACHE);
                AutoCloseable second = HeapGovernor.startIfUnsized(SMALL_CACHE)) {
            assertEquals(1, governors());
            second.close();
            assertEquals(1, governors(), "closing the one that started nothing stops nothing");
            first.close();
            awaitNoGovernor();
            try (AutoCloseable again = HeapGovernor.startIfUnsized(SMALL_CACHE)) {
                assertEquals(1, governors(), "a resolver started later gets one again");
            }
        }
        awaitNoGovernor();
    }

    private static long governors() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("jdns-heap-governor") && thread.isAlive())
                .count();
    }

    private static void awaitNoGovernor() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (governors() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, governors());
    }
}
