package dev.jdns.cli;

import dev.jdns.cli.metrics.MetricsEndpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import picocli.CommandLine.Option;

/** {@code --metrics ADDR:PORT}, mixed into the server commands. */
final class MetricsOption {

    @Option(names = "--metrics", paramLabel = "ADDR:PORT", converter = ListenAddressConverter.class,
            description = "Serve Prometheus metrics at http://ADDR:PORT/metrics (queries, drops, caches, upstreams,"
                    + " zones, JVM); off unless given, and only on this address (docs/operations.md).")
    InetSocketAddress address;

    /**
     * An endpoint to register metrics with before it starts, or null when neither --metrics nor a control socket
     * ({@code jdns control stats} reads the same counters) asks for one.
     */
    MetricsEndpoint endpointOrNull(ControlOption control) {
        return address == null && !control.enabled() ? null : new MetricsEndpoint();
    }

    /**
     * Starts serving {@code endpoint} over HTTP when --metrics was given; false, said in one line on {@code err},
     * when it cannot.
     */
    boolean start(MetricsEndpoint endpoint, String what, PrintWriter err) {
        if (endpoint == null || address == null) {
            return true;
        }
        try {
            endpoint.start(address);
            return true;
        } catch (IOException e) {
            err.println(what + ": cannot serve metrics on " + ServerRunner.hostPort(address) + ": " + e.getMessage());
            return false;
        }
    }

    /** ", metrics http://127.0.0.1:9153/metrics" for the start-up line, or nothing. */
    String describe(MetricsEndpoint endpoint) {
        if (endpoint == null || !endpoint.serving()) {
            return "";
        }
        String host = ServerRunner.hostPort(new InetSocketAddress(address.getAddress(), endpoint.port()));
        return ", metrics http://" + host + "/metrics";
    }
}
