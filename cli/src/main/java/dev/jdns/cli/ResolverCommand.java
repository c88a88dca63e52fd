package dev.jdns.cli;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.jdns.resolver.AnswerValidator;
import dev.jdns.resolver.RecursiveHandler;
import dev.jdns.resolver.RefreshPolicy;
import dev.jdns.resolver.core.ResolutionLimits;
import dev.jdns.resolver.Resolver;
import dev.jdns.resolver.ResolverBuilder;
import dev.jdns.resolver.cache.AnswerCacheConfig;
import dev.jdns.resolver.cache.CacheSizes;
import dev.jdns.resolver.core.RootHints;
import dev.jdns.resolver.core.UpstreamSockets;
import dev.jdns.resolver.hosts.HostsFile;
import dev.jdns.resolver.observe.LoggingResolutionObserver;
import dev.jdns.resolver.policy.ResponsePolicy;
import dev.jdns.resolver.validate.TrustAnchors;
import dev.jdns.resolver.validate.Validator;
import dev.jdns.transport.Cidr;
import dev.jdns.transport.DnsServer;
import dev.jdns.transport.ServerOptions;
import dev.jdns.transport.client.DnsClient;
import dev.jdns.cli.config.ConfigOption;
import dev.jdns.cli.lab.WarmUp;
import dev.jdns.cli.control.ResolverControl;
import dev.jdns.cli.config.ConfigReload;
import dev.jdns.cli.metrics.MetricsEndpoint;
import dev.jdns.cli.metrics.ResolverMetrics;
import dev.jdns.cli.querylog.QueryLogHandler;
import dev.jdns.resolver.core.ResolutionObserver;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jdns resolver}: a recursive resolver service (hosts file, cache, iteration from the root). */
@Command(
        name = "resolver",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Resolve queries recursively over UDP and TCP: hosts file first, then the cache, then iteration from"
                    + " the root servers; a CNAME restarts the lookup for its target at the hosts file.",
            "Only clients in --allow are served (default: loopback); others get REFUSED.",
            "Work per client query is limited (the table below); past a limit the answer is SERVFAIL, remembered"
                    + " for 5 s.",
            "A server that does not answer 3 queries in a row, is lame or refuses, and a zone cut none of whose"
                    + " servers answers (a dead or cyclic delegation) are not asked again for 1 s, doubling while"
                    + " the failures repeat, up to 5 min (RFC 9520); questions under a failing zone cut are SERVFAIL"
                    + " at once."
        },
        modelTransformer = ResolverCommand.LimitsInHelp.class)
final class ResolverCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LoggingOptions logging;

    @Mixin
    ConfigOption config;

    @Mixin
    MetricsOption metrics;

    @Mixin
    ControlOption control;

    @Mixin
    QueryLogOption queryLog;

    /** Where --metrics counts; null without it (and when tests or the lab build the server). */
    private MetricsEndpoint endpoint;

    @Mixin
    ListenOptions listen;

    @Mixin
    CookieOptions cookies;

    @Mixin
    WarmUpOption warmUp;

    @Mixin
    ConfiguredZoneOptions configuredZones;

    @Option(names = "--root-hints", paramLabel = "FILE",
            description = "Root servers in named.root format (default: the IANA root hints built into jdns).")
    Path rootHints;

    @Option(names = "--hosts", paramLabel = "FILE",
            description = "Hosts file answered before the cache, re-read when it changes (default: /etc/hosts).")
    Path hosts = HostsFile.DEFAULT_PATH;

    @Option(names = "--rpz", paramLabel = "FILE",
            description = "Response policy zone (RPZ, QNAME triggers) applied after the hosts file to the question"
                    + " and each CNAME target: NXDOMAIN (CNAME .), NODATA (CNAME *.), rpz-passthru., rpz-drop.,"
                    + " rpz-tcp-only., local data or a CNAME rewrite. Repeatable; the first zone with a rule for a"
                    + " name wins. Re-read when it changes; a broken file keeps the last good policy.")
    List<Path> rpz = new ArrayList<>();

    @Option(names = "--allow", paramLabel = "CIDR", converter = CidrConverter.class,
            description = "Clients allowed to query; repeatable (default: 127.0.0.0/8 and ::1, never open).")
    List<Cidr> allow = new ArrayList<>();

    @Option(names = "--cache-size", paramLabel = "SIZE", defaultValue = CacheSizes.DEFAULT_TEXT, converter = ByteSizeConverter.class,
            description = "Memory for cached data: answers, zone cuts, server timings, kept replies (k, m or g;"
                    + " default: ${DEFAULT-VALUE}). RRsets over 16 KiB and NS sets over 20 names are answered, not"
                    + " kept. The jdns launcher gives the JVM this plus a fixed headroom as its heap.")
    long cacheSize;

    @Option(names = "--min-ttl", paramLabel = "SECONDS", defaultValue = "0",
            description = "Cache positive answers at least this long (default: ${DEFAULT-VALUE}).")
    long minTtlSeconds;

    @Option(names = "--max-ttl", paramLabel = "SECONDS", defaultValue = "86400",
            description = "Cache positive answers at most this long (default: ${DEFAULT-VALUE}, one day).")
    long maxTtlSeconds;

    @Option(names = "--max-negative-ttl", paramLabel = "SECONDS", defaultValue = "3600",
            description = "Cache NXDOMAIN/NODATA at most this long (default: ${DEFAULT-VALUE}, RFC 2308 §5).")
    long maxNegativeTtlSeconds;

    @Option(names = "--upstream-timeout", paramLabel = "MILLIS",
            defaultValue = "" + ResolutionLimits.DEFAULT_UPSTREAM_TIMEOUT_MILLIS,
            description = "Wait this long for each upstream reply before trying the next server"
                    + " (default: ${DEFAULT-VALUE}).")
    long upstreamTimeoutMillis;

    /** For simulated hierarchies on this machine: see {@link UpstreamSockets#loopbackOnPort(int)}. */
    @Option(names = "--upstream-port", paramLabel = "PORT",
            description = "Query every name server on this port instead of 53, and only loopback servers"
                    + " (for a simulated internet on 127.0.0.0/8).")
    Integer upstreamPort;

    @Option(names = "--do-not-query", paramLabel = "CIDR", converter = CidrConverter.class,
            description = "Never send a query to a server in this block; repeatable. Always refused without"
                    + " --upstream-port: 0.0.0.0/8, 127.0.0.0/8, ::1, ::, 169.254.0.0/16, fe80::/10, 224.0.0.0/4,"
                    + " ff00::/8, 255.255.255.255 (as Unbound's do-not-query-address).")
    List<Cidr> doNotQuery = new ArrayList<>();

    @Option(names = "--trust-anchor", paramLabel = "FILE",
            description = "DS or DNSKEY records in zone-file syntax where DNSSEC validation starts; repeatable."
                    + " With the built-in root hints the IANA root anchor (KSK 20326) is on by default; with"
                    + " --root-hints only these anchors are (none: no validation).")
    List<Path> trustAnchors = new ArrayList<>();

    @Option(names = "--qname-minimisation", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Show each name server only the part of the name it needs to refer onward (RFC 9156;"
                    + " default: on, as Unbound, Knot Resolver and BIND). Relaxed: a server that denies or fails a"
                    + " shortened name is asked the full question.")
    boolean qnameMinimisation;

    @Option(names = "--insecure", paramLabel = "ZONE",
            description = "Negative trust anchor: never validate names at or under ZONE (RFC 7646); repeatable.")
    List<String> insecureZones = new ArrayList<>();

    @Option(names = "--serve-stale", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Keep data up to DURATION past its TTL (e.g. 1d) and answer with it, TTL 30 and Extended"
                    + " DNS Error 3 (Stale Answer; 19 for NXDOMAIN), when upstream fails or has not answered within"
                    + " 1.8 s; the refresh goes on in the background (RFC 8767). Default: off (SERVFAIL).")
    Duration serveStale = Duration.ZERO;

    @Option(names = "--prefetch", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Refresh a name asked in the last 10%% of its TTL in the background, once, so popular names"
                    + " never expire (default: on; --no-prefetch: off).")
    boolean prefetch;

    /** The resolver's cache clock; tests replace it to move time instead of sleeping. */
    Ticker cacheClock = Ticker.systemTicker();

    /** How long a client with expired data waits for the refresh (RFC 8767 §5); tests shorten it. */
    Duration staleClientTimer = RefreshPolicy.CLIENT_RESPONSE_TIMER;
    /** What newServer() built, for the control socket's cache commands. */
    private Resolver resolver;
    private Optional<Validator> validator = Optional.empty();

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        endpoint = metrics.endpointOrNull(control);
        DnsServer server;
        try {
            server = newServer();
        } catch (IOException e) {
            err.println("jdns resolver: " + e.getMessage());
            return ServerRunner.CANNOT_START;
        } catch (IllegalArgumentException e) {
            err.println("jdns resolver: " + e.getMessage() + " (try 'jdns resolver --help')");
            return Main.USAGE_ERROR;
        }
        if (warmUp.run("jdns resolver", WarmUp::resolver, WarmUpOption.RESOLVER)) {
            System.gc(); // the warm-up's lab and caches are garbage now: the idle resolver does not keep them resident
        }
        if (!metrics.start(endpoint, "jdns resolver", err)) {
            return ServerRunner.CANNOT_START;
        }
        if (!ServerRunner.start("jdns resolver", server, err)) {
            ServerRunner.closeAll(queryLog.resources());
            ServerRunner.closeAll(endpoint == null ? List.of() : List.of(endpoint));
            return ServerRunner.CANNOT_START;
        }
        // Only the log level changes while the resolver runs yet: SIGHUP says what waits for a restart.
        Optional<Runnable> reload = ConfigReload.of(spec, config).map(file -> () -> file.reload(
                Map.of(LoggingOptions.KEY, LoggingOptions.APPLIED_WHEN_PARSED)));
        reload.ifPresent(ReloadSignal::onHangup);
        List<AutoCloseable> resources = new ArrayList<>(List.of(server));
        resources.addAll(queryLog.resources()); // after the server: its last queries are written
        resources.add(HeapGovernor.startIfUnsized(cacheSize));
        if (endpoint != null) {
            resources.add(endpoint);
        }
        ServerRunner.StopRequest stop = new ServerRunner.StopRequest();
        if (control.enabled() && !control.start(ResolverControl.addTo(control.commands("jdns resolver", server,
                endpoint, stop), resolver, validator, reload, Clock.systemUTC()), "jdns resolver", err, resources)) {
            ServerRunner.closeAll(resources);
            return ServerRunner.CANNOT_START;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("jdns resolver: listening on " + ServerRunner.describe(server.boundAddresses()) + ", root hints "
                + (rootHints != null ? rootHints : "built in") + ", hosts " + hosts + metrics.describe(endpoint)
                + control.describe());
        out.flush();
        return ServerRunner.serveUntilStopped(resources, stop);
    }

    /**
     * The resolver service these options describe, not yet started (tests and {@code jdns lab} start it themselves).
     *
     * @throws IOException              when the root hints cannot be read
     * @throws IllegalArgumentException when option values contradict each other (min TTL above max TTL)
     */
    DnsServer newServer() throws IOException {
        // handlerMayBlock: a resolution waits on upstream servers, so each query gets its own virtual thread.
        CacheSizes sizes = new CacheSizes(cacheSize);
        TrustAnchors anchors = trustAnchors();
        Resolver resolver = newResolver(sizes, !anchors.isEmpty());
        // Verdicts take up to a third of the answer share again: validated answers are a subset of the cached ones.
        this.validator = anchors.isEmpty() ? Optional.empty()
                : Optional.of(Validator.over(resolver, anchors, negativeTrustAnchors(), sizes.answerBytes() / 3,
                        Duration.ofSeconds(maxTtlSeconds), cacheClock));
        this.resolver = resolver;
        DnsServer server = new DnsServer(listen.addresses(), queryLog.wrap(new RecursiveHandler(resolver,
                validator.map(AnswerValidator.class::cast), allowedClients()), "none", endpoint),
                ServerOptions.defaultsForBlockingHandler().withReplyCacheBytes(sizes.replyBytes()));
        cookies.applyTo(server);
        if (endpoint != null) {
            endpoint.instrument(server);
        }
        return server;
    }

    /**
     * The anchors validation starts from: the IANA root's with the IANA root hints (they describe the same root),
     * plus {@code --trust-anchor} files; with other root hints only the files, since the IANA key cannot sign
     * another root.
     */
    private TrustAnchors trustAnchors() throws IOException {
        TrustAnchors fromFiles = TrustAnchors.load(trustAnchors);
        return rootHints == null ? TrustAnchors.ianaRoot().and(fromFiles) : fromFiles;
    }

    private List<Name> negativeTrustAnchors() {
        List<Name> zones = new ArrayList<>();
        for (String zone : insecureZones) {
            try {
                zones.add(Name.fromString(zone, Name.root));
            } catch (TextParseException e) {
                throw new IllegalArgumentException("--insecure " + zone + ": " + e.getMessage());
            }
        }
        return zones;
    }

    private Resolver newResolver(CacheSizes sizes, boolean dnssec) throws IOException {
        AtomicReference<Resolver> resolver = new AtomicReference<>();
        ResolverBuilder builder = new ResolverBuilder()
                .hostsFile(hosts)
                .cacheSizes(sizes)
                .cacheConfig(new AnswerCacheConfig(sizes.answerBytes(), Duration.ofSeconds(minTtlSeconds),
                        Duration.ofSeconds(maxTtlSeconds), Duration.ofSeconds(maxNegativeTtlSeconds),
                        AnswerCacheConfig.DEFAULT_SERVFAIL_TTL))
                .client(DnsClient.forResolver(Duration.ofMillis(upstreamTimeoutMillis))) // with cookies, RFC 7873
                .ticker(cacheClock)
                .observer(observer(resolver))
                .configuredZones(configuredZones.zones())
                .responsePolicy(ResponsePolicy.load(rpz, cacheClock))
                .refreshPolicy(RefreshPolicy.DEFAULTS.withStaleWindow(serveStale).withPrefetch(prefetch)
                        .withClientResponseTimer(staleClientTimer))
                .dnssec(dnssec)
                .qnameMinimisation(qnameMinimisation);
        if (rootHints != null) {
            builder.rootHints(RootHints.load(rootHints));
        }
        UpstreamSockets upstreams = upstreamPort != null
                ? UpstreamSockets.loopbackOnPort(upstreamPort)
                : UpstreamSockets.internet();
        builder.upstreamSockets(upstreams.except(doNotQuery));
        Resolver built = builder.build();
        resolver.set(built);
        return built;
    }

    /**
     * The log, with --query-log each query's tally, and with --metrics the counters; {@code resolver} is set once
     * built (the cache gauges read it).
     */
    private ResolutionObserver observer(AtomicReference<Resolver> resolver) {
        ResolutionObserver observer = new LoggingResolutionObserver();
        if (queryLog.enabled()) {
            observer = observer.and(QueryLogHandler.RESOLUTION_TALLY);
        }
        return endpoint == null ? observer : observer.and(new ResolverMetrics(endpoint.registry(), resolver::get));
    }

    private List<Cidr> allowedClients() {
        return allow.isEmpty() ? Cidr.LOOPBACK : allow;
    }


    /** Ends {@code --help} with the limits table, as {@link ResolutionLimits#table()} states it. */
    static final class LimitsInHelp implements CommandLine.IModelTransformer {
        private static final String REASON_INDENT = "      ";

        @Override
        public CommandSpec transform(CommandSpec spec) {
            int width = spec.usageMessage().width() - 1; // picocli wraps lines as long as its width itself
            List<String> lines = new ArrayList<>();
            for (ResolutionLimits.Row row : ResolutionLimits.DEFAULTS.table()) {
                lines.addAll(helpLines(row, width));
            }
            spec.usageMessage().footerHeading("%nLimits per client query:%n").footer(lines.toArray(String[]::new));
            return spec;
        }

        /** "  LIMIT: VALUE", then the reason, indented and wrapped at {@code width}. */
        static List<String> helpLines(ResolutionLimits.Row row, int width) {
            List<String> lines = new ArrayList<>();
            lines.add("  " + row.limit() + ": " + row.value());
            StringBuilder line = new StringBuilder(REASON_INDENT);
            for (String word : row.reason().split(" ")) {
                if (line.length() + 1 + word.length() > width && line.length() > REASON_INDENT.length()) {
                    lines.add(line.toString());
                    line = new StringBuilder(REASON_INDENT);
                }
                line.append(line.length() > REASON_INDENT.length() ? " " : "").append(word);
            }
            lines.add(line.toString());
            return lines;
        }
    }
}
