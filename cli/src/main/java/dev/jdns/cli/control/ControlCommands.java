package dev.jdns.cli.control;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What one running server answers on its control socket: {@code status}, {@code stats} and {@code stop} for every
 * role, and the verbs its role adds ({@link ResolverControl}, {@link ServeControl}). A verb the role does not have
 * is a one-line error, as is a request that is not a command.
 */
public final class ControlCommands {

    /** Where a command writes the lines of its reply's body. */
    @FunctionalInterface
    public interface Output {
        void line(String text) throws IOException;
    }

    /** The lines a client sent after its request ({@code load-cache}); null at their end. */
    @FunctionalInterface
    public interface Data {
        String nextLine() throws IOException, ControlException;
    }

    @FunctionalInterface
    public interface Action {
        void run(List<String> arguments, Data data, Output out) throws IOException, ControlException;
    }

    /**
     * What every server reports in {@code status} and {@code stats}.
     *
     * @param role      "jdns resolver", "jdns serve"
     * @param listeners the sockets served, as the start-up line says them
     * @param stats     writes the metrics' counters (the one place they are kept), in Prometheus text format
     */
    public record ServerFacts(String role, String version, Supplier<String> listeners,
            Action stats, Clock clock) {}

    private final ServerFacts facts;
    private final Instant started;
    private final Runnable stop;
    private final Map<ControlVerb, Action> actions = new EnumMap<>(ControlVerb.class);

    /** @param stop asks the server to stop as SIGTERM would; run once the client has its reply */
    public ControlCommands(ServerFacts facts, Runnable stop) {
        this.facts = facts;
        this.started = facts.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        this.stop = stop;
        actions.put(ControlVerb.STATS, facts.stats());
    }

    /** Adds {@code verb} to this role; for {@code status}, lines after the common ones. */
    public ControlCommands on(ControlVerb verb, Action action) {
        actions.put(verb, action);
        return this;
    }

    /**
     * Runs one request line; its reply goes to {@code reply}.
     *
     * @return what to do once the reply is sent (stop), or null
     */
    Runnable run(String request, LineInput in, ControlReply reply) throws IOException, ControlException {
        List<String> words = List.of(request.strip().split("\\s+"));
        ControlVerb verb = ControlVerb.of(words.getFirst())
                .orElseThrow(() -> new ControlException("unknown command '" + words.getFirst() + "'"));
        List<String> arguments = words.subList(1, words.size());
        if (!verb.acceptsOnWire(arguments.size())) {
            throw new ControlException("usage: " + verb.word() + " " + verb.arguments());
        }
        Data data = () -> in.readLine(ControlServer.MAX_DATA_LINE_BYTES);
        Output out = reply::line;
        switch (verb) {
            case STOP -> {
                if (arguments.isEmpty()) {
                    out.line(facts.role() + ": stopping");
                    return stop;
                }
            }
            case STATUS -> status(out);
            default -> {
                // fall through to the role's own verbs
            }
        }
        Action action = actions.get(verb);
        if (action == null && verb == ControlVerb.STOP) {
            throw new ControlException("usage: stop (" + facts.role() + " has no simulated servers to stop)");
        }
        if (action == null && verb != ControlVerb.STATUS) {
            throw new ControlException(facts.role() + " has no " + verb.word());
        }
        if (action != null) {
            action.run(arguments, data, out);
        }
        return null;
    }

    private void status(Output out) throws IOException {
        Duration up = Duration.between(started, facts.clock().instant());
        out.line("version: " + facts.version());
        out.line("role: " + facts.role());
        out.line("uptime: " + up.toSeconds() + "s (since " + started + ")");
        out.line("listening: " + facts.listeners().get());
    }
}
