package dev.jdns.cli.metrics;

import dev.jdns.authoritative.LoadedZone;
import dev.jdns.authoritative.ZoneStore;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** {@code jdns serve}'s zones as metrics, read from the store at scrape time. */
public final class ZoneMetrics {

    private ZoneMetrics() {}

    public static void register(PrometheusRegistry registry, ZoneStore zones) {
        GaugeWithCallback.builder().name("jdns_zone_serial").labelNames("zone")
                .help("SOA serial of each zone in service")
                .callback(callback -> {
                    for (LoadedZone zone : zones.get().zones()) {
                        callback.call(zone.soa().getSerial(), zone.origin().toString());
                    }
                }).register(registry);
        CounterWithCallback.builder().name("jdns_zone_reload_failures")
                .help("Zone file reloads that failed; the last good zone stayed in service")
                .callback(callback -> callback.call(zones.reloadFailures())).register(registry);
    }
}
