package dev.jdns.benchmarks;

import dev.jdns.resolver.Resolution;
import dev.jdns.resolver.Resolver;
import dev.jdns.resolver.core.Question;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * CPU time (user+sys) of the resolving thread per never-seen name, against the loopback authority of
 * {@link ColdPathBenchmarks}: the resolver's own cost of a cold resolution with its one upstream query on a fresh
 * socket, the responder's excluded. Thread CPU time, unlike JMH's wall time, hardly moves when other jobs load the
 * machine, so two builds can be compared on a shared machine. Bounded: 11 rounds of N names, all to 127.0.0.1.
 * {@code java -cp benchmarks/target/benchmarks.jar dev.jdns.benchmarks.ColdPathCpu 20000}
 */
public final class ColdPathCpu {

    private static final int ROUNDS = 11; // the first is the warm-up

    private ColdPathCpu() {}

    public static void main(String[] args) throws Exception {
        int perRound = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Path hosts = Files.createTempFile("bench", ".hosts");
        try (UpstreamResponder upstream = new UpstreamResponder()) {
            Resolver resolver = ColdPathBenchmarks.coldResolver(upstream, hosts);
            long[] nanos = new long[ROUNDS];
            long name = 0;
            for (int round = 0; round < ROUNDS; round++) {
                long before = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < perRound; i++) {
                    Resolution resolution = resolver.resolve(Question.in(Name.fromString("c" + name++ + ".wild."),
                            Type.A), true);
                    if (resolution.rcode() != Rcode.NOERROR) {
                        throw new IllegalStateException("not resolved: " + resolution);
                    }
                }
                nanos[round] = (threads.getCurrentThreadCpuTime() - before) / perRound;
            }
            long[] measured = Arrays.copyOfRange(nanos, 1, ROUNDS);
            Arrays.sort(measured);
            System.out.printf("resolver CPU per new name: median %.1f us, min %.1f us over %d rounds of %d (%s ns)%n",
                    measured[measured.length / 2] / 1e3, measured[0] / 1e3, measured.length, perRound,
                    Arrays.toString(measured));
        } finally {
            Files.deleteIfExists(hosts);
        }
    }
}
