package dev.jdns.cli.control;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every command of the control channel, with its arguments: the client checks usage against this table before it
 * connects, the server checks the same arity, and each server role implements the verbs it has.
 */
public enum ControlVerb {
    STATUS("", 0, 0, "version, uptime, listeners, zones with serials (serve), cache size (resolver)"),
    STATS("", 0, 0, "the counters of --metrics, in Prometheus text format"),
    FLUSH("NAME", 1, 1, "forget what the resolver cached for NAME (every type; zone cut and verdicts too)"),
    FLUSH_ZONE("NAME", 1, 1, "forget everything cached at and under NAME"),
    FLUSH_ALL("", 0, 0, "empty the resolver's caches"),
    DUMP_CACHE("", 0, 0, "print the resolver's cached answers as zone-file text with their remaining TTLs"),
    LOAD_CACHE("FILE", 1, 1, "put a dump back in the cache; entries expire when they would have in the dump"),
    RELOAD("[ZONE]", 0, 1, "serve: re-read the config file and every zone file, or only ZONE's;"
            + " resolver: re-read the config file"),
    ZONES("", 0, 0, "serve: each zone with its serial, one per line"),
    NOTIFY("ZONE", 1, 1, "serve: send NOTIFY for ZONE to its secondaries now"),
    RETRANSFER("ZONE", 1, 1, "serve: transfer secondary zone ZONE whole (AXFR) from its primaries now"),
    SERVERS("", 0, 0, "lab: each simulated server with its address, zones and state"),
    START("SERVER", 1, 1, "lab: let a stopped simulated server answer again"),
    SLOW("SERVER DURATION", 2, 2, "lab: delay every answer of a simulated server (e.g. 2s; 0 for none)"),
    STOP("[SERVER]", 0, 1, "stop the server as SIGTERM does; lab: stop SERVER stops that simulated server");

    private final String arguments;
    private final int minArguments;
    private final int maxArguments;
    private final String help;

    ControlVerb(String arguments, int minArguments, int maxArguments, String help) {
        this.arguments = arguments;
        this.minArguments = minArguments;
        this.maxArguments = maxArguments;
        this.help = help;
    }

    /** "flush-zone" */
    public String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public String arguments() {
        return arguments;
    }

    public String help() {
        return help;
    }

    public static Optional<ControlVerb> of(String word) {
        return Arrays.stream(values()).filter(verb -> verb.word().equals(word)).findFirst();
    }

    /**
     * Whether {@code count} arguments fit, as the client takes them. On the wire {@code load-cache} has none: the
     * client sends the file's lines after the request line, so the server (which may not read the client's files)
     * never opens it.
     */
    public boolean acceptsOnCommandLine(int count) {
        return count >= minArguments && count <= maxArguments;
    }

    boolean acceptsOnWire(int count) {
        return this == LOAD_CACHE ? count == 0 : acceptsOnCommandLine(count);
    }
}
