package dev.jdns.cli.control;

import dev.jdns.cli.lab.LabNetwork;
import dev.jdns.cli.lab.LabServer;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * {@code jdns lab --control PATH}: the simulated servers, named by their host names as the banner lists them,
 * stopped, started and slowed while the lab runs, so the resolver's failover (and, with both servers of a zone
 * stopped, its stale answers) can be watched with {@code jdns dig +explain}.
 */
public final class LabControl {

    /** Longer delays only hold threads: every resolver gives up on a server well before this. */
    static final Duration MAX_DELAY = Duration.ofSeconds(30);

    private LabControl() {}

    /**
     * @param durations reads a DURATION as every jdns flag does ({@code 500ms}, {@code 2s}); throws an unchecked
     *                  exception, with a message for the user, on anything else
     */
    public static ControlCommands addTo(ControlCommands commands, LabNetwork lab,
            Function<String, Duration> durations) {
        return commands
                .on(ControlVerb.STATUS, (arguments, data, out) -> {
                    List<LabServer> servers = lab.labServers();
                    out.line("servers: " + servers.size() + ", stopped "
                            + servers.stream().filter(server -> !server.running()).count() + ", slowed "
                            + servers.stream().filter(server -> server.delay().isPositive()).count());
                    out.line("resolver: " + lab.resolverAddress().getAddress().getHostAddress() + "#"
                            + lab.resolverAddress().getPort());
                })
                .on(ControlVerb.SERVERS, (arguments, data, out) -> {
                    for (LabServer server : lab.labServers()) {
                        out.line(describe(server));
                    }
                })
                .on(ControlVerb.STOP, (arguments, data, out) -> {
                    LabServer server = server(lab, arguments);
                    server.stop();
                    out.line(server.server().displayName() + ": stopped (drops every packet, as a host that is down)");
                })
                .on(ControlVerb.START, (arguments, data, out) -> {
                    LabServer server = server(lab, arguments);
                    server.start();
                    out.line(server.server().displayName() + ": answering");
                })
                .on(ControlVerb.SLOW, (arguments, data, out) -> {
                    LabServer server = server(lab, arguments);
                    Duration delay = delay(arguments.get(1), durations);
                    server.slow(delay);
                    out.line(server.server().displayName() + ": " + (delay.isZero() ? "no delay"
                            : "every answer " + delay.toMillis() + " ms late"));
                });
    }

    /** "ns1.example.com  172.30.53.40  running  example.com." with "slow 2000ms" when slowed. */
    static String describe(LabServer server) {
        String state = (server.running() ? "running" : "stopped")
                + (server.delay().isPositive() ? ", slow " + server.delay().toMillis() + "ms" : "");
        return String.format("%-22s %-15s %-22s %s", server.server().displayName(),
                server.server().address().getHostAddress(), state, server.server().displayOrigins());
    }

    private static LabServer server(LabNetwork lab, List<String> arguments) throws ControlException {
        String name = arguments.getFirst();
        return lab.server(name).orElseThrow(() -> new ControlException("no server " + name
                + " in the lab (jdns control servers lists them)"));
    }

    private static Duration delay(String text, Function<String, Duration> durations) throws ControlException {
        Duration delay;
        try {
            delay = durations.apply(text);
        } catch (RuntimeException e) {
            throw new ControlException(e.getMessage());
        }
        if (delay.compareTo(MAX_DELAY) > 0) {
            throw new ControlException("at most " + MAX_DELAY.toSeconds() + "s: a longer delay only holds threads");
        }
        return delay;
    }
}
