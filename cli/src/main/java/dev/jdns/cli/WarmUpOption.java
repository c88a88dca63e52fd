package dev.jdns.cli;

import dev.jdns.cli.lab.WarmUp;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * {@code --[no-]warm-up} of {@code jdns resolver} and {@code jdns serve} (config key {@code warm-up}): before the
 * server binds its own sockets, a {@link WarmUp} on loopback makes the JIT compile the query path, so that the first
 * clients do not meet interpreted code. Off by default: it costs seconds before the first answer and tens of MiB of
 * resident memory the idle server keeps, which a local caching resolver or a test network that starts many servers
 * pays for nothing; it is for a server that meets a heavy load right after its start (docs/performance.md).
 */
final class WarmUpOption {

    /**
     * Enough queries for the hot methods to be called the tens of thousands of times the JIT's last tier waits
     * for; the time bound keeps a starved machine from delaying the start for long.
     */
    static final WarmUp.Bounds RESOLVER = new WarmUp.Bounds(30_000, Duration.ofSeconds(3));
    static final WarmUp.Bounds SERVE = new WarmUp.Bounds(60_000, Duration.ofSeconds(2));

    private static final Logger LOG = System.getLogger(WarmUpOption.class.getName());

    @Option(names = "--warm-up", negatable = true, defaultValue = "false",
            fallbackValue = "true",
            description = "Before listening, run a throw-away copy of the lab on loopback under a short load (at"
                    + " most a few seconds), so that the JIT has compiled the query path when the first clients"
                    + " come (default: off; on costs seconds at start and tens of MiB of idle memory).")
    boolean warmUp;

    /** What a command warms. */
    interface Workload {
        WarmUp.Result run(WarmUp.Bounds bounds) throws Exception;
    }

    /**
     * Runs {@code workload} within {@code bounds} when the option is on. Never fails: a warm-up that cannot run (no
     * loopback, say) is a warning, and the server starts cold. The caller collects the garbage it leaves (a full
     * collection before serving: {@code System.gc()}), so that the idle server does not keep it resident.
     *
     * @return whether it ran
     */
    boolean run(String what, Workload workload, WarmUp.Bounds bounds) {
        if (!warmUp) {
            return false;
        }
        long started = System.nanoTime();
        try {
            WarmUp.Result result = workload.run(bounds);
            LOG.log(Level.INFO, "{0}: warmed up in {1} ms ({2} questions, {3} answered)", what,
                    (System.nanoTime() - started) / 1_000_000, result.sent(), result.answered());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception | LinkageError e) {
            LOG.log(Level.WARNING, "{0}: warm-up failed, starting without it: {1}", what, e.toString());
        }
        return true;
    }
}
