package dev.jdns.cli.metrics;

import dev.jdns.transport.DnsServer;
import dev.jdns.transport.metrics.QueryCounters;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.net.InetSocketAddress;

/**
 * {@code --metrics ADDR:PORT}: Prometheus text format at {@code /metrics}, served by the Prometheus Java client's
 * own HTTP server on exactly the address given, with the JVM's metrics and whatever the command registers.
 */
public final class MetricsEndpoint implements AutoCloseable {

    private static final String PREFIX = "jdns_";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final QueryCounters counters = new QueryCounters();
    private HTTPServer http;

    public MetricsEndpoint() {
        JvmMetrics.builder().register(registry);
    }

    /** The registry commands add their own metrics to. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** Makes {@code server} count into this endpoint; call before the server starts. */
    public void instrument(DnsServer server) {
        server.metrics(counters);
        registry.register(new FrontEndCollector(counters, server::inFlightQueries));
    }

    /**
     * jdns's own metrics (not the JVM's) in Prometheus text format, read from the same registry the HTTP page
     * serves: what {@code jdns control stats} prints.
     */
    public String jdnsMetricsText() throws IOException {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(text, registry.scrape(name -> name.startsWith(PREFIX)));
        return text.toString(StandardCharsets.UTF_8);
    }

    /** Starts serving on {@code address}; port 0 picks one ({@link #port()}). */
    public void start(InetSocketAddress address) throws IOException {
        http = HTTPServer.builder().inetAddress(address.getAddress()).port(address.getPort()).registry(registry)
                .buildAndStart();
    }

    /** Whether {@link #start} was called: without {@code --metrics} the counters serve the control channel only. */
    public boolean serving() {
        return http != null;
    }

    public int port() {
        return http.getPort();
    }

    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
    }
}
