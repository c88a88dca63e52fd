package dev.jdns.cli.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.LongSupplier;

/** {@code --query-log}'s metric, read from the log's own counter at scrape time. */
public final class QueryLogMetrics {

    private QueryLogMetrics() {}

    /** Exports {@code dropped} as {@code jdns_query_log_dropped_total}. */
    public static void register(PrometheusRegistry registry, LongSupplier dropped) {
        CounterWithCallback.builder().name("jdns_query_log_dropped")
                .help("Query log lines dropped because the writer was behind (its queue was full)")
                .callback(callback -> callback.call(dropped.getAsLong())).register(registry);
    }
}
