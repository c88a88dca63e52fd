package dev.jdns.authoritative.catalog;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One pass of a catalog's work (reading it, or generating it), run later on a virtual thread of its own: the zone
 * store tells its listeners about a change while it holds its lock, and the pass changes the store. Requests made
 * while a pass is queued add nothing, since that pass reads the state as it is when it runs. A pass that fails is
 * logged and the next request runs it again.
 */
final class CoalescedPasses implements AutoCloseable {

    private static final Logger LOG = System.getLogger(CoalescedPasses.class.getName());

    private final String name;
    private final String doing;
    private final Runnable pass;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ExecutorService worker;

    /**
     * @param name  the thread's name and the log lines' subject ("catalog example.")
     * @param doing what the pass does, for its failure line ("applying")
     */
    CoalescedPasses(String name, String doing, Runnable pass) {
        this.name = name;
        this.doing = doing;
        this.pass = pass;
        this.worker = Executors.newSingleThreadExecutor(Thread.ofVirtual().name(name).factory());
    }

    /** Queues a pass unless one is queued already. */
    void request() {
        if (!pending.compareAndSet(false, true)) {
            return;
        }
        worker.execute(() -> {
            pending.set(false);
            try {
                pass.run();
            } catch (RuntimeException bug) {
                LOG.log(Level.ERROR, name + ": " + doing + " failed: " + bug, bug);
            }
        });
    }

    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
