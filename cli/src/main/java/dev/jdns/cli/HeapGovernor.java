package dev.jdns.cli;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps the resolver's heap near its budget when the JVM was started without a heap size ({@code java -jar jdns.jar
 * resolver}): the JVM then takes a quarter of the machine's memory as its limit, and G1 grows the heap far past what
 * the resolver keeps whenever queries arrive fast (gigabytes, mostly young generation: docs/resolver.md,
 * "Under attack: memory"). Neither the heap limit nor the collector can be changed once running, so:
 * the heap's free-ratio flags, which are manageable, are lowered so that a collection gives memory back (G1 shrinks to
 * them at full collections and at the end of concurrent marking); and while the committed heap is above the budget,
 * a full collection is asked for, at most once a second, which collects the young generation, shrinks the heap and
 * returns it to the operating system. The {@code jdns} launcher sizes the heap itself (--cache-size plus headroom),
 * and then nothing here runs.
 */
final class HeapGovernor {

    private static final System.Logger LOG = System.getLogger(HeapGovernor.class.getName());

    /**
     * Heap for everything besides the caches: the same headroom as the launcher's RESOLVER_HEADROOM_MIB (kept equal
     * by hand: the launcher is a shell script and cannot read this constant).
     */
    static final long HEADROOM_BYTES = 40L << 20;
    /** Past this many times its budget, the heap limit was not chosen for the resolver: govern it. */
    private static final int UNSIZED_FACTOR = 2;
    private static final long CHECK_INTERVAL_MILLIS = 500;
    private static final long MIN_NANOS_BETWEEN_COLLECTIONS = TimeUnit.SECONDS.toNanos(1);

    /**
     * The governor running in this JVM, if any. One at most: resolvers started in one process (the tests run many,
     * one after another) each started their own, never stopped, and a dozen threads each asking for a full
     * collection every second kept the garbage collector busy on both cores for the rest of the test run.
     */
    private static final AtomicReference<Thread> RUNNING = new AtomicReference<>();

    private HeapGovernor() {}

    /**
     * For a resolver whose caches take {@code cacheBytes}; does nothing when the heap limit already fits it or a
     * governor already runs.
     *
     * @return what stops this governor (nothing, when none was started)
     */
    static AutoCloseable startIfUnsized(long cacheBytes) {
        long budget = cacheBytes + HEADROOM_BYTES;
        if (Runtime.getRuntime().maxMemory() <= UNSIZED_FACTOR * budget) {
            return () -> { };
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        Thread governor = Thread.ofPlatform().daemon().name("jdns-heap-governor")
                .unstarted(() -> govern(memory, budget));
        if (!RUNNING.compareAndSet(null, governor)) {
            return () -> { };
        }
        lowerFreeRatios();
        governor.start();
        return () -> {
            governor.interrupt();
            RUNNING.compareAndSet(governor, null);
        };
    }

    private static void lowerFreeRatios() {
        try {
            HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            hotSpot.setVMOption("MinHeapFreeRatio", "10"); // first: it may never exceed MaxHeapFreeRatio
            hotSpot.setVMOption("MaxHeapFreeRatio", "20");
        } catch (RuntimeException notHotSpot) {
            LOG.log(System.Logger.Level.DEBUG, "heap free ratios not set: " + notHotSpot);
        }
    }

    private static void govern(MemoryMXBean memory, long budget) {
        long lastCollection = System.nanoTime() - MIN_NANOS_BETWEEN_COLLECTIONS;
        while (true) {
            try {
                Thread.sleep(CHECK_INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            if (memory.getHeapMemoryUsage().getCommitted() > budget && now - lastCollection
                    >= MIN_NANOS_BETWEEN_COLLECTIONS) {
                System.gc(); // a full collection: with the ratios above, G1 uncommits what it frees
                lastCollection = System.nanoTime();
            }
        }
    }
}
