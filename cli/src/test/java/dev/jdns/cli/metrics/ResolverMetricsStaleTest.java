package dev.jdns.cli.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdns.resolver.Resolver;
import dev.jdns.resolver.ResolverBuilder;
import dev.jdns.resolver.core.Question;
import dev.jdns.resolver.core.ResolutionEvent;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/** Stale answers are an answer source of their own in the metrics, and prefetches are counted. */
class ResolverMetricsStaleTest {

    private static final Question WWW = Question.in(Name.fromConstantString("www.example."), Type.A);

    @Test
    void staleAnswersAndPrefetchesAreCounted() {
        PrometheusRegistry registry = new PrometheusRegistry();
        Resolver resolver = new ResolverBuilder().hostsFile(Path.of("/dev/null")).build();
        ResolverMetrics metrics = new ResolverMetrics(registry, () -> resolver);

        metrics.on(new ResolutionEvent.StaleAnswer(WWW, "positive", "upstream failed"));
        metrics.on(new ResolutionEvent.Prefetch(WWW, 30));
        metrics.on(new ResolutionEvent.Prefetch(WWW, 29));

        assertEquals(1, counter(registry, "jdns_resolver_answers", "stale"));
        assertEquals(2, counter(registry, "jdns_resolver_prefetches", null));
    }

    /** The counter's value, for the sample whose label {@code source} is {@code source} (any when null). */
    private static double counter(PrometheusRegistry registry, String name, String source) {
        for (MetricSnapshot snapshot : registry.scrape()) {
            if (snapshot instanceof CounterSnapshot counter && counter.getMetadata().getName().equals(name)) {
                return counter.getDataPoints().stream()
                        .filter(point -> source == null || source.equals(point.getLabels().get("source")))
                        .mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue).sum();
            }
        }
        return 0;
    }
}
