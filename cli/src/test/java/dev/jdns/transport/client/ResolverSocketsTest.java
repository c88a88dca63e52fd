package dev.jdns.transport.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The jar's wiring of the upstream sockets, on the class path `jdns` runs with (the Linux module included, native
 * access enabled as the jar's manifest does): a resolver's client moves to the Linux sockets once it has opened
 * enough sockets for them to pay back their start-up; a short-lived client (dig, health) keeps the JDK's.
 */
class ResolverSocketsTest {

    @Test
    void aBusyResolversSocketsMoveToLinuxsAndADigsKeepTheJdks() throws InterruptedException {
        RandomShorts random = new RandomShorts(new SecureRandom());
        QuerySockets longRunning = new QuerySockets(random, true);
        // Other tests in this JVM may have opened some already: asking counts as opening, up to the threshold.
        for (int opened = 0; opened < QuerySocketProviders.PREPARE_AFTER; opened++) {
            longRunning.providerName();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!longRunning.providerName().equals("linux") && System.nanoTime() - deadline < 0) {
            Thread.sleep(50); // the preparation runs on its own thread, bounded to a few seconds
        }
        assertEquals("linux", longRunning.providerName());
        assertEquals("jdk", new QuerySockets(random, false).providerName());
    }
}
