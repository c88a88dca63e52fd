package dev.jdns.cli.dig;

import dev.jdns.cli.lab.LabRegistry;
import dev.jdns.resolver.Resolver;
import dev.jdns.resolver.ResolverBuilder;
import dev.jdns.resolver.core.ResolutionLimits;
import dev.jdns.resolver.core.ResolutionObserver;
import dev.jdns.resolver.core.RootHints;
import dev.jdns.resolver.core.UpstreamSockets;
import dev.jdns.resolver.validate.TrustAnchors;
import dev.jdns.transport.client.DnsClient;
import dev.jdns.transport.client.DnsReply;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Builds the in-process jdns {@link Resolver} that {@code +trace} and {@code +explain} walk with: the root from
 * {@code --root-hints}, else from an {@code NS .} query to {@code @SERVER} (as dig +trace starts), else the IANA
 * hints; server addresses mapped by {@code --upstream-map}, else all on {@code --upstream-port} / {@code -p} / 53.
 */
final class IterationSetup {

    /** +trace reads no hosts file: like dig, it shows what the DNS says. */
    static final Path NO_HOSTS = Path.of("/dev/null");

    private final IterationConfig config;
    private final StubExchange exchange;
    private final QueryBuilder queries;
    private final LabRegistry labs;

    IterationSetup(IterationConfig config, StubExchange exchange, QueryBuilder queries, LabRegistry labs) {
        this.config = config;
        this.exchange = exchange;
        this.queries = queries;
        this.labs = labs;
    }

    /**
     * The setup for walking from {@code @SERVER}: when the user named no walk options and a running {@code jdns lab}
     * published its files for that socket, one that walks the lab's simulated servers (as its resolver does); else
     * this one.
     */
    IterationSetup forServer(DigRequest request, InetSocketAddress server) {
        if (request.server().isEmpty() || config.walkGiven()) {
            return this;
        }
        return labs.find(server)
                .map(entry -> new IterationSetup(config.walkingLab(entry), exchange, queries, labs))
                .orElse(this);
    }

    /**
     * A resolver with empty caches that starts at {@code hints}; with {@code +dnssec} it asks with DO and keeps the
     * DNSSEC records (RFC 4035 §4.1), as a validator's iterator does.
     */
    Resolver resolver(DigRequest request, DigOptions options, RootHints hints, Path hostsFile) throws IOException {
        return new ResolverBuilder()
                .dnssec(dnssecAsked(options))
                .rootHints(hints)
                .upstreamSockets(sockets(request))
                .hostsFile(hostsFile)
                .client(new DnsClient(upstreamWait(options)))
                .observer(ResolutionObserver.NONE)
                .build();
    }

    /**
     * How long the walk waits for each server: +time when given (as dig +trace); else what jdns resolver waits, so
     * a silent server leaves time for the next one within the walk's resolution deadline (dig's 5 s per try would
     * spend all of it on the first).
     */
    static Duration upstreamWait(DigOptions options) {
        return options.timeGiven ? Duration.ofSeconds(options.timeSeconds)
                : Duration.ofMillis(ResolutionLimits.DEFAULT_UPSTREAM_TIMEOUT_MILLIS);
    }

    /**
     * Where +explain's chain of trust starts: the {@code --trust-anchor} files; else, when the walk starts from the
     * IANA root hints, the IANA root anchor (as {@code jdns resolver} does); else none.
     */
    Anchors trustAnchors(DigRequest request) throws IOException {
        if (!config.trustAnchors().isEmpty()) {
            return new Anchors(TrustAnchors.load(config.trustAnchors()), config.trustAnchors().stream()
                    .map(Path::toString).collect(Collectors.joining(", ")));
        }
        if (config.rootHints().isEmpty() && request.server().isEmpty()) {
            return new Anchors(TrustAnchors.ianaRoot(), "the IANA root anchor (KSK-2017), built in");
        }
        return new Anchors(TrustAnchors.none(), "none");
    }

    /** Trust anchors and where they came from. */
    record Anchors(TrustAnchors anchors, String source) {}

    /**
     * True when the walk keeps DNSSEC records: +dnssec, or (for +explain's chain of trust) trust anchors given. A
     * +trace shows DNSSEC records only with +dnssec, as dig's.
     */
    boolean dnssecAsked(DigOptions options) {
        return options.dnssec || !options.trace && !config.trustAnchors().isEmpty();
    }

    Path explainHostsFile() {
        return config.explainHostsFile();
    }

    Path traceHostsFile() {
        return config.hostsFile().orElse(NO_HOSTS);
    }

    /** True when the root NS set is asked of {@code @SERVER} rather than read from hints. */
    boolean rootHintsFromServer(DigRequest request) {
        return config.rootHints().isEmpty() && request.server().isPresent();
    }

    /** Where the root hints came from, for the first line of a trace. */
    String rootHintsSource(DigRequest request) {
        if (config.lab().isPresent()) {
            return config.rootHints().orElseThrow() + " (the jdns lab behind @" + request.server().orElseThrow()
                    + ")";
        }
        if (config.rootHints().isPresent()) {
            return config.rootHints().get().toString();
        }
        return request.server().isPresent() ? "@" + request.server().get() : "embedded IANA named.root";
    }

    /**
     * The root NS set: from {@code --root-hints}, else from {@code @SERVER} (its {@code NS .} reply goes to
     * {@code primingReply}), else the IANA hints.
     */
    RootHints rootHints(DigRequest request, DigOptions options, InetSocketAddress server,
            Consumer<DnsReply> primingReply,
            PrintWriter err) throws IOException, StubExchange.NoReplyException {
        if (config.rootHints().isPresent()) {
            return RootHints.load(config.rootHints().get());
        }
        if (request.server().isEmpty()) {
            return RootHints.embedded();
        }
        DigQuestion rootNs = new DigQuestion(Name.root, Type.NS, DClass.IN, options);
        DnsReply reply = exchange.send(server, queries.build(rootNs, options), options, err);
        primingReply.accept(reply);
        Message message = reply.message();
        List<Record> records = new ArrayList<>(message.getSection(Section.ANSWER));
        records.addAll(message.getSection(Section.ADDITIONAL));
        return RootHints.fromRecords(records, "NS . from " + SocketText.of(server));
    }

    private UpstreamSockets sockets(DigRequest request) throws IOException {
        if (config.upstreamMap().isPresent()) {
            return UpstreamMapFile.load(config.upstreamMap().get());
        }
        if (config.upstreamPort().isEmpty() && request.port().isEmpty()) {
            return UpstreamSockets.internet(); // port 53, never this host, link-local or multicast addresses
        }
        int port = config.upstreamPort().orElse(request.portOrDefault());
        return address -> Optional.of(new InetSocketAddress(address, port));
    }
}
