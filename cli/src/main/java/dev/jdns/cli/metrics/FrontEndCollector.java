package dev.jdns.cli.metrics;

import dev.jdns.transport.ServerMetrics.Drop;
import dev.jdns.transport.metrics.QueryCounters;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Locale;
import java.util.function.IntSupplier;
import org.xbill.DNS.Rcode;

/**
 * The front end's counters, read at scrape time: the servers count into {@link QueryCounters}' plain adders and
 * only this reads them, so the hot path never touches Prometheus.
 */
final class FrontEndCollector implements MultiCollector {

    private final QueryCounters counters;
    private final IntSupplier inFlight;

    FrontEndCollector(QueryCounters counters, IntSupplier inFlight) {
        this.counters = counters;
        this.inFlight = inFlight;
    }

    @Override
    public MetricSnapshots collect() {
        CounterSnapshot.Builder replies = CounterSnapshot.builder().name("jdns_queries")
                .help("Queries answered, by protocol, query type and response code (one per reply sent; a"
                        + " reply kept back by rate limiting is a drop instead)");
        counters.forEachReplyCount((protocol, type, rcode, count) -> replies.dataPoint(CounterDataPointSnapshot
                .builder().labels(Labels.of("protocol", protocol.name().toLowerCase(Locale.ROOT), "type", type,
                        "rcode", Rcode.string(rcode)))
                .value(count).build()));
        CounterSnapshot.Builder drops = CounterSnapshot.builder().name("jdns_drops")
                .help("Requests turned away, by reason: acl (refused by an access list), rate_limit (no reply),"
                        + " rate_limit_slip (a truncated reply instead), in_flight_cap, connection_cap (a TCP"
                        + " connection closed unread), malformed (dropped, or FORMERR); a refusal, slip or FORMERR"
                        + " sent is also in jdns_queries_total");
        for (Drop reason : Drop.values()) {
            drops.dataPoint(CounterDataPointSnapshot.builder()
                    .labels(Labels.of("reason", reason.name().toLowerCase(Locale.ROOT)))
                    .value(counters.drops(reason)).build());
        }
        GaugeSnapshot inFlightNow = GaugeSnapshot.builder().name("jdns_in_flight_queries")
                .help("Queries being handled on threads of their own now (for a resolver: resolutions)")
                .dataPoint(GaugeDataPointSnapshot.builder().value(inFlight.getAsInt()).build()).build();
        return MetricSnapshots.of(replies.build(), drops.build(), inFlightNow);
    }
}
