package dev.jdns.cli.lab;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.jdns.authoritative.AuthoritativeHandler;
import dev.jdns.authoritative.ChaosIdentity;
import dev.jdns.authoritative.ZoneCatalog;
import dev.jdns.resolver.AnswerValidator;
import dev.jdns.resolver.RecursiveHandler;
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
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simulated internet running in this process: every server of a {@link Topology} on its own loopback socket,
 * and a resolver that reaches them through {@link UpstreamSockets#mapped}: simulated address -> loopback socket.
 * An address the zones do not give to a server is not in the map, so the resolver treats it as unreachable and
 * no packet ever leaves the machine.
 *
 * <p>Servers listen on 127.0.0.1 with ports the kernel picks, rather than on 127.0.0.x port 53: no privilege is
 * needed, nothing collides with a DNS server already on the machine, and it works where only 127.0.0.1 is
 * configured on the loopback interface (macOS, some containers).
 */
public final class LabNetwork implements AutoCloseable {

    /** A server of the topology and the socket it really listens on. */
    public record RunningServer(SimulatedServer server, InetSocketAddress localSocket) {}

    private static final InetSocketAddress ANY_LOOPBACK_PORT =
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final List<DnsServer> started = new ArrayList<>();
    private final List<RunningServer> servers = new ArrayList<>();
    private InetSocketAddress resolverAddress;
    private TrustAnchors trustAnchors = TrustAnchors.none();

    private LabNetwork() {}

    /**
     * Starts every server, then the resolver on {@code resolverListen}. On failure everything already started is
     * stopped again.
     *
     * @throws ListenException when a socket cannot be bound (the resolver's port is in use, say)
     * @throws IOException when the root hints cannot be read
     */
    public static LabNetwork start(Topology topology, InetSocketAddress resolverListen)
            throws ListenException, IOException {
        return start(topology, resolverListen, TrustAnchors.none());
    }

    /**
     * As {@link #start(Topology, InetSocketAddress)}, with a resolver that validates from {@code anchors} (RFC 4035
     * section 5) when there are any: the lab's signed internet ({@link LabSigner}).
     */
    public static LabNetwork start(Topology topology, InetSocketAddress resolverListen, TrustAnchors anchors)
            throws ListenException, IOException {
        LabNetwork lab = new LabNetwork();
        try {
            for (SimulatedServer server : topology.servers()) {
                lab.startServer(server);
            }
            lab.startResolver(topology, resolverListen, anchors);
            return lab;
        } catch (IOException | RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    private void startServer(SimulatedServer server) throws ListenException {
        ZoneCatalog catalog = ZoneCatalog.of(server.zones());
        // CHAOS id.server answers the server's name, so `dig CH TXT id.server` shows who answered.
        ChaosIdentity identity = new ChaosIdentity(Optional.empty(), Optional.of(server.displayName()));
        DnsServer dns = new DnsServer(List.of(ANY_LOOPBACK_PORT),
                new AuthoritativeHandler(() -> catalog, identity, List.of()));
        started.add(dns);
        dns.start();
        servers.add(new RunningServer(server, dns.boundAddresses().getFirst()));
    }

    private void startResolver(Topology topology, InetSocketAddress listen, TrustAnchors anchors)
            throws ListenException, IOException {
        Map<InetAddress, InetSocketAddress> sockets = new LinkedHashMap<>();
        servers.forEach(running -> sockets.put(running.server().address(), running.localSocket()));
        boolean validating = !anchors.isEmpty();
        Resolver resolver = new ResolverBuilder()
                .rootHints(RootHints.load(topology.rootHints()))
                .hostsFile(topology.hostsFile())
                .responsePolicy(ResponsePolicy.load(topology.policyFile().stream().toList(), Ticker.systemTicker()))
                .upstreamSockets(UpstreamSockets.mapped(sockets))
                .dnssec(validating)
                .build();
        Optional<AnswerValidator> validator = validating
                ? Optional.of(Validator.over(resolver, anchors, List.of(), CacheSizes.DEFAULT.answerBytes() / 3,
                        AnswerCacheConfig.DEFAULT_MAX_TTL, Ticker.systemTicker()))
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
        return List.copyOf(servers);
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
    }
}
