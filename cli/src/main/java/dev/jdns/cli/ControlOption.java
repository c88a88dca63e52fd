package dev.jdns.cli;

import dev.jdns.cli.control.ControlCommands;
import dev.jdns.cli.control.ControlException;
import dev.jdns.cli.control.ControlServer;
import dev.jdns.cli.metrics.MetricsEndpoint;
import dev.jdns.transport.DnsServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** {@code --control PATH}, mixed into the server commands: the socket {@code jdns control} talks to. */
final class ControlOption {

    @Option(names = "--control", paramLabel = "PATH",
            description = "Listen for 'jdns control' on this Unix socket (mode 0600: this user only; removed on"
                    + " stop; refused when a live server has it). Off unless given.")
    Path path;

    boolean enabled() {
        return path != null;
    }

    /** The verbs every role has: status and stats from {@code server} and {@code endpoint}, stop via {@code stop}. */
    ControlCommands commands(String role, DnsServer server, MetricsEndpoint endpoint, ServerRunner.StopRequest stop) {
        ControlCommands.ServerFacts facts = new ControlCommands.ServerFacts(role,
                new VersionProvider().getVersion()[0], () -> ServerRunner.describe(server.boundAddresses()),
                (arguments, data, out) -> {
                    for (String line : endpoint.jdnsMetricsText().split("\n")) {
                        out.line(line);
                    }
                }, Clock.systemUTC());
        return new ControlCommands(facts, stop::request);
    }

    /**
     * The verbs of {@code jdns lab}, which keeps no metrics: status (with {@code listeners}) and stop via
     * {@code stop}.
     */
    ControlCommands labCommands(Supplier<String> listeners, ServerRunner.StopRequest stop) {
        ControlCommands.ServerFacts facts = new ControlCommands.ServerFacts("jdns lab",
                new VersionProvider().getVersion()[0], listeners, (arguments, data, out) -> {
                    throw new ControlException("jdns lab keeps no metrics (jdns control servers shows its servers)");
                }, Clock.systemUTC());
        return new ControlCommands(facts, stop::request);
    }

    /**
     * Starts serving {@code commands} and adds the control server to {@code resources}; false, with a one-line
     * reason on {@code err}, when the socket cannot be made (a live server there, no such directory, no permission).
     */
    boolean start(ControlCommands commands, String what, PrintWriter err, List<AutoCloseable> resources) {
        try {
            resources.add(ControlServer.start(path, commands));
            return true;
        } catch (IOException e) {
            err.println(what + ": cannot listen for control on " + path + ": " + e.getMessage());
            return false;
        }
    }

    /** ", control /run/jdns/control.sock" for the start-up line, or nothing. */
    String describe() {
        return path == null ? "" : ", control " + path;
    }
}
