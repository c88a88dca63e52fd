package dev.jdns.resolver;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.jdns.resolver.cache.AnswerCache;
import dev.jdns.resolver.cache.AnswerCacheConfig;
import dev.jdns.resolver.cache.CacheSizes;
import dev.jdns.resolver.cache.DelegationCache;
import dev.jdns.resolver.cache.FailureCache;
import dev.jdns.resolver.cache.ServerStats;
import dev.jdns.resolver.core.ResolutionLimits;
import dev.jdns.resolver.core.ResolutionObserver;
import dev.jdns.resolver.core.RootHints;
import dev.jdns.resolver.core.UpstreamSockets;
import dev.jdns.resolver.hosts.HostsFile;
import dev.jdns.resolver.iterate.Recursor;
import dev.jdns.transport.client.DnsClient;
import dev.jdns.resolver.cache.VerdictCache;
import dev.jdns.resolver.validate.TrustAnchors;
import dev.jdns.resolver.validate.ValidationLimits;
import dev.jdns.resolver.validate.Validator;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Name;
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
    private TrustAnchors trustAnchors = TrustAnchors.none();
    private List<Name> negativeTrustAnchors = List.of();
    private ValidationLimits validationLimits = ValidationLimits.DEFAULTS;
    private Clock wallClock = Clock.systemUTC();

    /** The resolver, and its validator when trust anchors were given. */
    public record Built(Resolver resolver, Optional<Validator> validator) {}

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

    /**
     * Turns DNSSEC validation on when {@code anchors} is not empty: upstream queries ask for DNSSEC records (DO=1)
     * and {@link #buildAll()} gives a {@link Validator}.
     */
    public ResolverBuilder trustAnchors(TrustAnchors anchors) {
        this.trustAnchors = Objects.requireNonNull(anchors, "anchors");
        return this;
    }

    /** Zones never validated ({@code --insecure}, RFC 7646). */
    public ResolverBuilder negativeTrustAnchors(List<Name> zones) {
        this.negativeTrustAnchors = List.copyOf(zones);
        return this;
    }

    public ResolverBuilder validationLimits(ValidationLimits limits) {
        this.validationLimits = Objects.requireNonNull(limits, "limits");
        return this;
    }

    /** The wall clock signature validity periods are checked against (RFC 4035 §5.3.1). */
    public ResolverBuilder wallClock(Clock clock) {
        this.wallClock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** The resolver without its validator (for callers that never validate, such as {@code jdns dig +trace}). */
    public Resolver build() {
        return buildAll().resolver();
    }

    public Built buildAll() {
        boolean validating = !trustAnchors.isEmpty();
        RootHints hints = rootHints != null ? rootHints : RootHints.embedded();
        AnswerCache answers = new AnswerCache(cacheConfig, ticker);
        DelegationCache delegations = new DelegationCache(cacheSizes.delegationBytes(), cacheConfig.maxTtl(),
                ticker);
        ServerStats stats = new ServerStats(cacheSizes.maxServers(), ServerStats.DEFAULT_MEMORY, ticker,
                RandomGenerator.getDefault());
        Recursor recursor = new Recursor(hints, answers, delegations, stats, new FailureCache(ticker),
                client != null ? client : new DnsClient(), upstreamSockets, validating);
        HostsFile hosts = new HostsFile(hostsFile, HostsFile.DEFAULT_TTL, ticker);
        Resolver resolver = new Resolver(hosts, answers, delegations, recursor, hints, limits, observer,
                System::nanoTime, ticker);
        if (!validating) {
            return new Built(resolver, Optional.empty());
        }
        // Verdicts take up to a third of the answer share again: validated answers are a subset of the cached ones.
        VerdictCache verdicts = new VerdictCache(cacheConfig.maxBytes() / 3, cacheConfig.maxTtl(), ticker);
        return new Built(resolver, Optional.of(new Validator(resolver, trustAnchors, negativeTrustAnchors,
                validationLimits, verdicts, wallClock)));
    }
}
