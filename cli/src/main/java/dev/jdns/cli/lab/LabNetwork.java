package dev.jdns.cli.lab;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.jdns.cli.log.LogSetup;
import dev.jdns.resolver.AnswerValidator;
import dev.jdns.resolver.RecursiveHandler;
import dev.jdns.resolver.RefreshPolicy;
import dev.jdns.resolver.Resolver;
import dev.jdns.resolver.ResolverBuilder;
import dev.jdns.resolver.cache.AnswerCacheConfig;
import dev.jdns.resolver.cache.CacheSizes;
import dev.jdns.resolver.policy.ResponsePolicy;
import dev.jdns.resolver.core.RootHints;
import dev.jdns.resolver.core.UpstreamSockets;
import dev.jdns.resolver.validate.TrustAnchors;
import dev.jdns.resolver.validate.Validator;
import dev.jdns.transport.Cidr;
import dev.jdns.transport.DnsServer;
import dev.jdns.transport.ListenException;
import dev.jdns.transport.ServerOptions;
import dev.jdns.transport.client.DnsClient;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.xbill.DNS.Name;

/**
 * The simulated internet running in this process: every server of a {@link Topology} on its own loopback socket
 * ({@link LabServer}: primaries load their zone files and notify their secondaries, which transfer the zones from
 * them), and a resolver that reaches them through {@link UpstreamSockets#mapped}: simulated address -> loopback
 * socket. An address the zones do not give to a server is not in the map, so the resolver treats it as
 * unreachable and no packet ever leaves the machine. The resolver serves stale data (RFC 8767) for
 * {@link #STALE_WINDOW}, so stopping both servers of a zone shows it.
 *
 * <p>Servers listen on 127.0.0.1 with ports the kernel picks, rather than on 127.0.0.x port 53: no privilege is
 * needed, nothing collides with a DNS server already on the machine, and it works where only 127.0.0.1 is
 * configured on the loopback interface (macOS, some containers).
 */
public final class LabNetwork implements AutoCloseable {

    private static final Logger LOG = System.getLogger(LabNetwork.class.getName());

    /** A server of the topology and the socket it really listens on. */
    public record RunningServer(SimulatedServer server, InetSocketAddress localSocket) {}

    /** How long past its TTL the lab resolver may answer with expired data. */
    public static final Duration STALE_WINDOW = Duration.ofDays(1);
    /**
     * How long the start waits at most for the secondaries' first transfers: over loopback they take milliseconds,
     * but on a starved machine a secondary that is not ready would answer SERVFAIL to the resolver's first questions.
     */
    static final Duration FIRST_TRANSFERS = Duration.ofSeconds(30);
    /** The authoritative classes (package-private there) that log each transfer, at its two ends. */
    private static final String[] FIRST_TRANSFER_LOGGERS = {
        "dev.jdns.authoritative.TransferResponder", "dev.jdns.authoritative.SecondaryZone"};

    private final List<LabServer> servers = new ArrayList<>();
    private final List<DnsServer> started = new ArrayList<>();
    private Path stateDir;
    private InetSocketAddress resolverAddress;
    private TrustAnchors trustAnchors = TrustAnchors.none();

    private LabNetwork() {}

    /**
     * Starts every server, then the resolver on {@code resolverListen}. On failure everything already started is
     * stopped again.
     *
     * @throws ListenException when a socket cannot be bound (the resolver's port is in use, say)
     * @throws IOException when the root hints or a zone file cannot be read
     */
    public static LabNetwork start(Topology topology, InetSocketAddress resolverListen)
            throws ListenException, IOException {
        return start(topology, resolverListen, TrustAnchors.none());
    }

    /**
     * As {@link #start(Topology, InetSocketAddress)}, with a resolver that validates from {@code anchors} (RFC 4035
     * section 5) when there are any: the lab's signed internet ({@link LabSigner}), whose zones are not reloaded.
     */
    public static LabNetwork start(Topology topology, InetSocketAddress resolverListen, TrustAnchors anchors)
            throws ListenException, IOException {
        return start(topology, resolverListen, anchors, Ticker.systemTicker());
    }

    /** As above, the resolver's cache on {@code clock} (tests move it instead of waiting for TTLs). */
    public static LabNetwork start(Topology topology, InetSocketAddress resolverListen, TrustAnchors anchors,
            Ticker clock) throws ListenException, IOException {
        LabNetwork lab = new LabNetwork();
        try {
            lab.startServers(topology, anchors.isEmpty());
            lab.startResolver(topology, resolverListen, anchors, clock);
            return lab;
        } catch (IOException | RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    /** Binds every socket first: each server's roles need the sockets of its primaries and secondaries. */
    private void startServers(Topology topology, boolean fromFiles) throws IOException {
        stateDir = Files.createTempDirectory("jdns-lab-state-");
        Map<Name, InetSocketAddress> sockets = new LinkedHashMap<>();
        for (SimulatedServer server : topology.servers()) {
            LabServer running = LabServer.bind(server);
            servers.add(running);
            sockets.put(server.name(), running.localSocket());
        }
        // One line per first transfer (both ends) would bury the banner: the banner's "(2nd)" says it instead.
        try (LogSetup.HeldBack quiet = LogSetup.holdBackInfo(FIRST_TRANSFER_LOGGERS)) {
            for (LabServer server : servers) {
                server.serve(sockets, topology, fromFiles, stateDir);
            }
            awaitFirstTransfers();
        }
    }

    private void awaitFirstTransfers() throws IOException {
        long deadline = System.nanoTime() + FIRST_TRANSFERS.toNanos();
        try {
            for (LabServer server : servers) {
                if (!server.awaitZones(deadline)) {
                    LOG.log(Level.WARNING, "{0}: not all its zones transferred yet; it answers SERVFAIL for them"
                            + " until they are", server.server().displayName());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the secondaries transferred their zones", e);
        }
    }

    private void startResolver(Topology topology, InetSocketAddress listen, TrustAnchors anchors, Ticker clock)
            throws ListenException, IOException {
        Map<InetAddress, InetSocketAddress> sockets = new LinkedHashMap<>();
        servers.forEach(running -> sockets.put(running.server().address(), running.localSocket()));
        boolean validating = !anchors.isEmpty();
        Resolver resolver = new ResolverBuilder()
                .rootHints(RootHints.load(topology.rootHints()))
                .hostsFile(topology.hostsFile())
                .responsePolicy(ResponsePolicy.load(topology.policyFile().stream().toList(), clock))
                .upstreamSockets(UpstreamSockets.mapped(sockets))
                // With cookies (RFC 7873), as jdns resolver asks: the lab shows, and its warm-up compiles, that path.
                .client(DnsClient.forResolver(DnsClient.DEFAULT_TIMEOUT))
                .ticker(clock)
                .refreshPolicy(RefreshPolicy.DEFAULTS.withStaleWindow(STALE_WINDOW))
                .dnssec(validating)
                .build();
        Optional<AnswerValidator> validator = validating
                ? Optional.of(Validator.over(resolver, anchors, List.of(), CacheSizes.DEFAULT.answerBytes() / 3,
                        AnswerCacheConfig.DEFAULT_MAX_TTL, clock))
                : Optional.empty();
        // The resolver waits on upstream servers: queries must run on virtual threads, not on the receivers.
        DnsServer dns = new DnsServer(List.of(listen), new RecursiveHandler(resolver, validator, Cidr.LOOPBACK),
                ServerOptions.defaultsForBlockingHandler());
        started.add(dns);
        dns.start();
        resolverAddress = dns.boundAddresses().getFirst();
        trustAnchors = anchors;
    }

    /** What the resolver validates from; none when the lab is not signed. */
    public TrustAnchors trustAnchors() {
        return trustAnchors;
    }

    /** The servers, in the topology's order, with their loopback sockets. */
    public List<RunningServer> servers() {
        return servers.stream().map(server -> new RunningServer(server.server(), server.localSocket())).toList();
    }

    /** The running servers, to stop, start and slow ({@code jdns control}). */
    public List<LabServer> labServers() {
        return List.copyOf(servers);
    }

    /** The server of that host name ("ns1.example.com", final dot optional, any case). */
    public Optional<LabServer> server(String hostName) {
        String wanted = hostName.endsWith(".") ? hostName.substring(0, hostName.length() - 1) : hostName;
        return servers.stream().filter(server -> server.server().displayName().equalsIgnoreCase(wanted)).findFirst();
    }

    /** Where the resolver listens (the real port when 0 was asked for). */
    public InetSocketAddress resolverAddress() {
        return resolverAddress;
    }

    /** Stops the resolver first, so no client query is left half-way through a stopped hierarchy. */
    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
        started.clear();
        servers.forEach(LabServer::close);
        servers.clear();
        if (stateDir != null) {
            deleteQuietly(stateDir);
            stateDir = null;
        }
    }

    /** The secondaries' saved copies (and a warm-up's unpacked zones): nothing of a lab outlives it. */
    static void deleteQuietly(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "cannot delete {0}: {1}", dir, e.getMessage());
        }
    }
}
