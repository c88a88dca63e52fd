package dev.jdns.resolver;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.jdns.resolver.cache.AnswerCache;
import dev.jdns.resolver.cache.AnswerCacheConfig;
import dev.jdns.resolver.cache.CacheSizes;
import dev.jdns.resolver.cache.DelegationCache;
import dev.jdns.resolver.cache.FailureCache;
import dev.jdns.resolver.cache.ServerStats;
import dev.jdns.resolver.core.ConfiguredZones;
import dev.jdns.resolver.core.ResolutionLimits;
import dev.jdns.resolver.core.ResolutionObserver;
import dev.jdns.resolver.core.RootHints;
import dev.jdns.resolver.core.UpstreamSockets;
import dev.jdns.resolver.hosts.HostsFile;
import dev.jdns.resolver.iterate.IterationOptions;
import dev.jdns.resolver.iterate.Recursor;
import dev.jdns.resolver.policy.ResponsePolicy;
import dev.jdns.transport.client.DnsClient;
import java.nio.file.Path;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Assembles a {@link Resolver}. Every part has a production default (IANA root hints, /etc/hosts, port 53 on the
 * internet, the system clock); tests replace the clock, the upstream sockets and the root hints.
 */
public final class ResolverBuilder {

    private RootHints rootHints;
    private Path hostsFile = HostsFile.DEFAULT_PATH;
    private UpstreamSockets upstreamSockets = UpstreamSockets.internet();
    private DnsClient client;
    private Ticker ticker = Ticker.systemTicker();
    private AnswerCacheConfig cacheConfig = AnswerCacheConfig.DEFAULTS;
    private CacheSizes cacheSizes = CacheSizes.DEFAULT;
    private ResolutionLimits limits = ResolutionLimits.DEFAULTS;
    private ResolutionObserver observer = ResolutionObserver.NONE;
    private ConfiguredZones configuredZones = ConfiguredZones.NONE;
    private IterationOptions iteration = IterationOptions.DEFAULTS;
    private ResponsePolicy policy = ResponsePolicy.NONE;
    private RefreshPolicy refreshPolicy = RefreshPolicy.DEFAULTS;

    public ResolverBuilder rootHints(RootHints hints) {
        this.rootHints = Objects.requireNonNull(hints, "hints");
        return this;
    }

    public ResolverBuilder hostsFile(Path path) {
        this.hostsFile = Objects.requireNonNull(path, "path");
        return this;
    }

    public ResolverBuilder upstreamSockets(UpstreamSockets sockets) {
        this.upstreamSockets = Objects.requireNonNull(sockets, "sockets");
        return this;
    }

    public ResolverBuilder client(DnsClient dnsClient) {
        this.client = Objects.requireNonNull(dnsClient, "dnsClient");
        return this;
    }

    /** The clock of the caches (TTLs, expiry, hosts-file checks); the query deadline uses real time. */
    public ResolverBuilder ticker(Ticker clock) {
        this.ticker = Objects.requireNonNull(clock, "clock");
        return this;
    }

    public ResolverBuilder cacheConfig(AnswerCacheConfig config) {
        this.cacheConfig = Objects.requireNonNull(config, "config");
        return this;
    }

    /**
     * How big the zone-cut and server caches are; the answer cache's size is in {@link #cacheConfig} (from
     * {@link CacheSizes#answerBytes()} of the same sizes, for the resolver service).
     */
    public ResolverBuilder cacheSizes(CacheSizes sizes) {
        this.cacheSizes = Objects.requireNonNull(sizes, "sizes");
        return this;
    }

    public ResolverBuilder limits(ResolutionLimits resolutionLimits) {
        this.limits = Objects.requireNonNull(resolutionLimits, "resolutionLimits");
        return this;
    }

    public ResolverBuilder observer(ResolutionObserver resolutionObserver) {
        this.observer = Objects.requireNonNull(resolutionObserver, "resolutionObserver");
        return this;
    }

    /** Forward and stub zones ({@code --forward}, {@code --stub}); none by default. */
    public ResolverBuilder configuredZones(ConfiguredZones zones) {
        this.configuredZones = Objects.requireNonNull(zones, "zones");
        return this;
    }

    /**
     * Asks upstream servers for DNSSEC records (DO=1) and keeps them with the data: what a validator on top of the
     * resolver ({@code dev.jdns.resolver.validate.Validator}) needs (RFC 4035 §4.1).
     */
    public ResolverBuilder dnssec(boolean keepDnssecRecords) {
        this.iteration = iteration.withDnssecOk(keepDnssecRecords);
        return this;
    }

    /** QNAME minimisation (RFC 9156) towards authoritative servers; on by default. */
    public ResolverBuilder qnameMinimisation(boolean minimise) {
        this.iteration = iteration.withQnameMinimisation(minimise);
        return this;
    }

    /** Response policy zones ({@code --rpz}), consulted after the hosts file; none by default. */
    public ResolverBuilder responsePolicy(ResponsePolicy zones) {
        this.policy = Objects.requireNonNull(zones, "zones");
        return this;
    }

    /** Serve-stale and prefetch ({@link RefreshPolicy#DEFAULTS}: prefetch only). */
    public ResolverBuilder refreshPolicy(RefreshPolicy policy) {
        this.refreshPolicy = Objects.requireNonNull(policy, "policy");
        return this;
    }

    public Resolver build() {
        RootHints hints = rootHints != null ? rootHints : RootHints.embedded();
        // The cache keeps expired data exactly as long as serve-stale may give it: one home for the window.
        AnswerCache answers = new AnswerCache(cacheConfig.withStaleWindow(refreshPolicy.staleWindow()), ticker);
        DelegationCache delegations = new DelegationCache(cacheSizes.delegationBytes(), cacheConfig.maxTtl(),
                ticker);
        ServerStats stats = new ServerStats(cacheSizes.maxServers(), ServerStats.DEFAULT_MEMORY, ticker,
                RandomGenerator.getDefault());
        Recursor recursor = new Recursor(hints, answers, delegations, stats, new FailureCache(ticker),
                client != null ? client : new DnsClient(), upstreamSockets, configuredZones, iteration);
        HostsFile hosts = new HostsFile(hostsFile, HostsFile.DEFAULT_TTL, ticker);
        return new Resolver(hosts, policy, answers, delegations, recursor, hints, limits, observer, System::nanoTime,
                ticker, refreshPolicy);
    }
}
