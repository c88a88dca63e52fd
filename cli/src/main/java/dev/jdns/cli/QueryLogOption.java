package dev.jdns.cli;

import dev.jdns.cli.metrics.MetricsEndpoint;
import dev.jdns.cli.metrics.QueryLogMetrics;
import dev.jdns.cli.querylog.QueryLog;
import dev.jdns.cli.querylog.QueryLogHandler;
import dev.jdns.transport.QueryHandler;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --query-log FILE|-}, mixed into the server commands. */
final class QueryLogOption {

    @Option(names = "--query-log", paramLabel = "FILE|-",
            description = "Append one JSON line per query to FILE (- : stdout): time, client, protocol, name, type,"
                    + " rcode, flags, answer source, upstream queries, latency. Off unless given; with it the reply"
                    + " cache is off, so every query reaches the log.")
    String target;

    @Option(names = "--query-log-queue", paramLabel = "LINES", defaultValue = "" + QueryLog.DEFAULT_QUEUE,
            description = "Lines waiting for the log's writer at most; more are dropped and counted, never waited"
                    + " for (default: ${DEFAULT-VALUE}).")
    int queue;

    private QueryLog log;

    /**
     * {@code handler} logging every query when --query-log is given (opening the file), else {@code handler}.
     *
     * @param source what the log says a query's answer came from when the resolver took no step
     */
    QueryHandler wrap(QueryHandler handler, String source, MetricsEndpoint endpoint) throws IOException {
        if (target == null) {
            return handler;
        }
        if (queue < 1) {
            throw new IllegalArgumentException("--query-log-queue must be at least 1");
        }
        try {
            log = QueryLog.open(target, queue);
        } catch (IOException e) {
            throw new IOException("cannot open the query log " + target + ": " + e, e);
        }
        if (endpoint != null) {
            QueryLogMetrics.register(endpoint.registry(), log::dropped);
        }
        return new QueryLogHandler(handler, log, source);
    }

    boolean enabled() {
        return target != null;
    }

    /** The open log to close when the server stops, or nothing. */
    List<AutoCloseable> resources() {
        return log == null ? List.of() : List.of(log);
    }
}
