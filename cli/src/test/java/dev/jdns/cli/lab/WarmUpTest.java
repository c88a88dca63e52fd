package dev.jdns.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The warm-ups over real loopback sockets: they stop at their query bound (and at once with no time), and leave
 * nothing behind: every port they listened on is free again, and no thread of theirs runs on. No durations are
 * asserted.
 */
class WarmUpTest {

    private static final WarmUp.Bounds SMALL = new WarmUp.Bounds(1_500, Duration.ofSeconds(60));

    @Test
    void theResolverWarmUpStopsAtItsCountAndLeavesNoSocketOrThread() throws Exception {
        WarmUp.resolver(SMALL); // the JVM's own lazily started threads (virtual thread scheduler) start here
        Set<String> before = liveThreads();
        WarmUp.Result result = WarmUp.resolver(SMALL);
        assertEquals(SMALL.maxQueries(), result.sent());
        assertTrue(result.answered() > 0, "the lab resolver answered");
        assertNothingLeft(result, before);
    }

    @Test
    void theServeWarmUpStopsAtItsCountAndLeavesNoSocketOrThread() throws Exception {
        WarmUp.serve(SMALL);
        Set<String> before = liveThreads();
        WarmUp.Result result = WarmUp.serve(SMALL);
        assertEquals(SMALL.maxQueries(), result.sent());
        assertTrue(result.answered() > 0, "the serve copies answered");
        assertNothingLeft(result, before);
    }

    @Test
    void noTimeMeansNoLoad() throws Exception {
        WarmUp.Result result = WarmUp.serve(new WarmUp.Bounds(1_000_000, Duration.ZERO));
        assertEquals(0, result.sent());
    }

    private static void assertNothingLeft(WarmUp.Result result, Set<String> threadsBefore) throws Exception {
        assertTrue(result.listened().size() > 1, "the resolver and the lab servers, or serve's copies");
        for (InetSocketAddress address : result.listened()) {
            try (DatagramSocket udp = new DatagramSocket(address);
                 ServerSocket tcp = new ServerSocket(address.getPort(), 1, address.getAddress())) {
                assertTrue(udp.isBound() && tcp.isBound(), address + " is free again");
            }
        }
        Set<String> left = liveThreads();
        left.removeAll(threadsBefore);
        assertEquals(Set.of(), left, "threads the warm-up left running");
    }

    /**
     * Platform threads by name, without the JVM's carriers of virtual threads (a pool that grows and shrinks on its
     * own). The closed servers join their threads before close returns.
     */
    private static Set<String> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> !name.startsWith("ForkJoinPool-") && !name.startsWith("ForkJoinPool.commonPool"))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }
}
