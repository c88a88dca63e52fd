package dev.jdns.cli.metrics;

import dev.jdns.resolver.Resolver;
import dev.jdns.resolver.core.ResolutionEvent;
import dev.jdns.resolver.core.ResolutionObserver;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The resolver's metrics, counted from the {@link ResolutionObserver} events the resolver already emits (so no
 * second path through the pipeline): answer sources, cache hits and misses, upstream queries, failures and RTT per
 * server. Upstream servers are labels up to {@value #MAX_SERVERS}; later ones share the label "other", so a
 * resolver that meets thousands of servers does not export thousands of series.
 */
public final class ResolverMetrics implements ResolutionObserver {

    static final int MAX_SERVERS = 200;
    static final String OTHER_SERVER = "other";
    /** RTT buckets in seconds: loopback, same region, across the world, and past a usual timeout. */
    private static final double[] RTT_BUCKETS = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};

    private final Set<String> labelled = ConcurrentHashMap.newKeySet();
    private final Counter sources;
    private final Counter cacheLookups;
    private final Counter upstreamQueries;
    private final Counter upstreamFailures;
    private final Counter prefetches;
    private final Histogram rtt;

    public ResolverMetrics(PrometheusRegistry registry, Supplier<Resolver> resolver) {
        sources = Counter.builder().name("jdns_resolver_answers_total").labelNames("source")
                .help("Answers by where the resolver found them: hosts, policy (a response policy zone rule),"
                        + " cache, upstream (iteration), coalesced"
                        + " (joined an identical question in flight), stale (expired data given because upstream"
                        + " failed or was slow, RFC 8767; also counted as upstream); replies from the front end's reply"
                        + " cache"
                        + " are in jdns_queries_total only").register(registry);
        cacheLookups = Counter.builder().name("jdns_resolver_cache_lookups_total").labelNames("result")
                .help("Answer cache lookups: hit or miss").register(registry);
        upstreamQueries = Counter.builder().name("jdns_upstream_queries_total").labelNames("server")
                .help("Replies received from upstream servers").register(registry);
        upstreamFailures = Counter.builder().name("jdns_upstream_failures_total").labelNames("server", "reason")
                .help("Upstream queries without a usable reply: timeout, or other (unreachable, malformed, not"
                        + " allowed)").register(registry);
        prefetches = Counter.builder().name("jdns_resolver_prefetches_total")
                .help("Refreshes started in the background by a cache hit in the last 10% of the TTL")
                .register(registry);
        rtt = Histogram.builder().name("jdns_upstream_rtt_seconds").labelNames("server")
                .help("Round-trip time of upstream replies").classicUpperBounds(RTT_BUCKETS).classicOnly()
                .register(registry);
        GaugeWithCallback.builder().name("jdns_resolver_cache_entries")
                .help("Entries in the answer and delegation caches")
                .callback(callback -> callback.call(resolver.get().cachedEntries())).register(registry);
        GaugeWithCallback.builder().name("jdns_resolver_cache_bytes")
                .help("Bytes held by the answer and delegation caches, as they weigh them")
                .callback(callback -> callback.call(resolver.get().cachedBytes())).register(registry);
    }

    @Override
    public void on(ResolutionEvent event) {
        String source = answerSource(event);
        if (source != null) {
            sources.labelValues(source).inc();
        }
        switch (event) {
            case ResolutionEvent.CacheHit hit -> cacheLookups.labelValues("hit").inc();
            case ResolutionEvent.CacheMiss miss -> cacheLookups.labelValues("miss").inc();
            case ResolutionEvent.Prefetch prefetch -> prefetches.inc();
            case ResolutionEvent.UpstreamReply reply -> {
                String server = label(reply.server());
                upstreamQueries.labelValues(server).inc();
                rtt.labelValues(server).observe(reply.rtt().toNanos() / 1e9);
            }
            case ResolutionEvent.UpstreamFailure failure -> upstreamFailures.labelValues(label(failure.server()),
                    failure.reason().startsWith("timeout") ? "timeout" : "other").inc();
            default -> { }
        }
    }

    /**
     * Where a pipeline step found its answer, as the metrics and the query log name it (hosts, policy, cache,
     * upstream, coalesced, stale), or null for an event that is not such a step.
     */
    public static String answerSource(ResolutionEvent event) {
        return switch (event) {
            case ResolutionEvent.HostsHit hit -> "hosts";
            case ResolutionEvent.PolicyHit hit when hit.decided() -> "policy";
            case ResolutionEvent.StaleAnswer stale -> "stale";
            case ResolutionEvent.CacheHit hit -> "cache";
            case ResolutionEvent.CacheMiss miss -> "upstream";
            case ResolutionEvent.Coalesced joined -> "coalesced";
            default -> null;
        };
    }

    private String label(InetSocketAddress server) {
        if (server == null) {
            return OTHER_SERVER;
        }
        String text = server.getAddress().getHostAddress() + "@" + server.getPort();
        if (labelled.contains(text) || (labelled.size() < MAX_SERVERS && labelled.add(text))) {
            return text;
        }
        return OTHER_SERVER;
    }
}
