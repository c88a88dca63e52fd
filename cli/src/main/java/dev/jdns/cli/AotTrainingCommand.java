package dev.jdns.cli;

import dev.jdns.cli.lab.LabNetwork;
import dev.jdns.cli.lab.LabZones;
import dev.jdns.cli.lab.SimulatedServer;
import dev.jdns.cli.lab.Topology;
import dev.jdns.cli.lab.TopologyException;
import dev.jdns.cli.lab.TrainingQuestions;
import dev.jdns.cli.lab.WarmUp;
import dev.jdns.cli.lab.TrainingQuestions.Question;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jdns aot-training} (hidden): the workload the launcher runs once per build under JDK 25's
 * {@code -XX:AOTCacheOutput} (JEP 483, 514, 515), so that later starts find jdns's classes loaded, linked and
 * profiled. It starts the lab's servers and resolver on loopback ports of its own and sends them, through
 * {@code jdns dig} in this process, every reply shape of the lab's zones: each question to the resolver twice (a
 * miss, then a cache hit) and once to its authoritative server (the {@code jdns serve} path), every tenth over TCP.
 * Then the resolver's and serve's {@link WarmUp} loads, many queries in flight, so that the method profiles the cache
 * keeps are those of a busy server. Bounded in queries and time; nothing leaves loopback.
 */
@Command(name = "aot-training", hidden = true, mixinStandardHelpOptions = true,
        description = "Exercise serve, resolver and dig on loopback (the launcher's AOT cache training run).")
final class AotTrainingCommand implements Callable<Integer> {

    @Option(names = "--questions", paramLabel = "N", defaultValue = "300",
            description = "How many questions, each sent three times (default: ${DEFAULT-VALUE}, a few seconds of"
                    + " work on an idle machine).")
    int questions;

    /**
     * The run stops asking after this long, whatever is left: on a loaded machine the classes are all loaded long
     * before the last question, and the cache is worth less than the wait.
     */
    static final long TIME_LIMIT_MILLIS = 15_000;

    private static final int TCP_EVERY = 10;

    @Spec
    CommandSpec spec;

    @Mixin
    LoggingOptions logging;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Topology topology;
        try {
            topology = Topology.load(LabZones.locate(null).directory());
        } catch (IOException | TopologyException e) {
            err.println("jdns aot-training: " + e.getMessage());
            return ServerRunner.CANNOT_START;
        }
        long started = System.nanoTime();
        try (LabNetwork network = LabNetwork.start(topology,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            List<Question> asked = TrainingQuestions.of(topology, questions);
            int[] counts = ask(network, asked, started + TIME_LIMIT_MILLIS * 1_000_000);
            err.printf("jdns aot-training: %d of %d queries answered in %d ms%n", counts[0], counts[1],
                    (System.nanoTime() - started) / 1_000_000);
            if (counts[0] == 0) {
                return 1;
            }
        } catch (IOException e) {
            err.println("jdns aot-training: " + e.getMessage());
            return ServerRunner.CANNOT_START;
        }
        return underLoad(err);
    }

    /**
     * The servers' hot paths under the warm-up's concurrent load, so that the cache's method profiles (JEP 515) are
     * those of a busy server, not of one question at a time.
     */
    private static int underLoad(PrintWriter err) {
        try {
            WarmUp.Result resolver = WarmUp.resolver(WarmUpOption.RESOLVER);
            WarmUp.Result serve = WarmUp.serve(WarmUpOption.SERVE);
            err.printf("jdns aot-training: under load, resolver %d of %d answered, serve %d of %d%n",
                    resolver.answered(), resolver.sent(), serve.answered(), serve.sent());
            return 0;
        } catch (IOException e) {
            err.println("jdns aot-training: " + e.getMessage());
            return ServerRunner.CANNOT_START;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** Returns {answered, sent}. */
    private static int[] ask(LabNetwork network, List<Question> questions, long deadlineNanos) {
        Map<SimulatedServer, InetSocketAddress> sockets = new HashMap<>();
        network.servers().forEach(running -> sockets.put(running.server(), running.localSocket()));
        int answered = 0;
        int sent = 0;
        for (int i = 0; i < questions.size() && System.nanoTime() < deadlineNanos; i++) {
            Question question = questions.get(i);
            boolean tcp = i % TCP_EVERY == 0;
            for (InetSocketAddress target : List.of(network.resolverAddress(), network.resolverAddress(),
                    sockets.get(question.server()))) {
                sent++;
                if (dig(target, question, tcp) == 0) {
                    answered++;
                }
            }
        }
        return new int[] {answered, sent};
    }

    /** One {@code jdns dig} in this process, its output discarded; returns dig's exit code (0: a reply came). */
    private static int dig(InetSocketAddress target, Question question, boolean tcp) {
        CommandLine dig = Main.commandLine();
        PrintWriter discard = new PrintWriter(Writer.nullWriter());
        dig.setOut(discard);
        dig.setErr(discard);
        return dig.execute("dig", "@" + target.getAddress().getHostAddress(), "-p",
                Integer.toString(target.getPort()), "+time=2", "+tries=1", tcp ? "+tcp" : "+notcp",
                question.name().toString(), question.typeName());
    }
}
