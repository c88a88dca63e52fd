package dev.jdns.cli;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.jdns.resolver.RefreshPolicy;
import dev.jdns.transport.DnsServer;
import dev.jdns.transport.Protocol;
import dev.jdns.transport.client.DnsClient;
import dev.jdns.transport.client.DnsClientException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import picocli.CommandLine;

/**
 * {@code jdns resolver} as the command line builds it, run in the test's process: the options are parsed by
 * picocli exactly as for {@code ./jdns resolver ...}, then the server is started without blocking.
 */
final class ResolverService implements AutoCloseable {

    /** Upstream timeout of test resolvers: loopback answers in well under a millisecond, silence is tested. */
    static final String UPSTREAM_TIMEOUT_MILLIS = "300";
    /**
     * Upstream timeout against a {@link SignedHierarchy}: its signed answers are large (a KeyTrap zone's wildcard
     * carries 40 signatures) and come over TCP after TC, behind each other in one NSD process; three waits cut
     * short on a loaded CI machine put the server in backoff (RFC 9520 §3.1) for every zone it serves.
     */
    static final String SIGNED_UPSTREAM_TIMEOUT_MILLIS = "1500";

    private final DnsServer server;
    private final DnsClient client = new DnsClient(Duration.ofSeconds(6));

    private ResolverService(DnsServer server) {
        this.server = server;
    }

    /** A resolver for a {@link SignedHierarchy} (no hosts file), with {@code extraArgs} added. */
    static ResolverService against(SignedHierarchy hierarchy, String... extraArgs) throws IOException {
        return against(hierarchy, Ticker.systemTicker(), extraArgs);
    }

    /** As {@link #against(SignedHierarchy, String...)}, with the resolver's cache clock given by the test. */
    static ResolverService against(SignedHierarchy hierarchy, Ticker cacheClock, String... extraArgs)
            throws IOException {
        List<String> args = new ArrayList<>(List.of("--listen", hierarchy.prefix() + ".1:0",
                "--root-hints", hierarchy.rootHints().toString(),
                "--hosts", "/dev/null",
                "--upstream-port", String.valueOf(hierarchy.port()),
                "--upstream-timeout", SIGNED_UPSTREAM_TIMEOUT_MILLIS,
                "--log-level", "warning"));
        args.addAll(List.of(extraArgs));
        return start(args, cacheClock);
    }

    /** A resolver on an ephemeral port of 127.0.0.1 for {@code hierarchy}, with {@code extraArgs} added. */
    static ResolverService against(LoopbackHierarchy hierarchy, String... extraArgs) throws IOException {
        return against(hierarchy, Ticker.systemTicker(), extraArgs);
    }

    /** As {@link #against(LoopbackHierarchy, String...)}, with the resolver's cache clock given by the test. */
    static ResolverService against(LoopbackHierarchy hierarchy, Ticker cacheClock, String... extraArgs)
            throws IOException {
        return start(arguments(hierarchy, extraArgs), cacheClock);
    }

    /** The arguments {@link #against(LoopbackHierarchy, Ticker, String...)} starts a resolver with. */
    static List<String> arguments(LoopbackHierarchy hierarchy, String... extraArgs) throws IOException {
        List<String> args = new ArrayList<>(List.of("--listen", hierarchy.prefix() + ".1:0",
                "--root-hints", hierarchy.rootHints().toString(),
                "--hosts", hierarchy.hostsFile().toString(),
                "--upstream-port", String.valueOf(hierarchy.port()),
                "--upstream-timeout", UPSTREAM_TIMEOUT_MILLIS,
                "--log-level", "warning"));
        args.addAll(List.of(extraArgs));
        return args;
    }

    /** A resolver with exactly these command-line arguments. */
    static ResolverService start(List<String> args, Ticker cacheClock) throws IOException {
        return start(args, cacheClock, RefreshPolicy.CLIENT_RESPONSE_TIMER);
    }

    /** As {@link #start(List, Ticker)}, with the serve-stale client response timer given by the test. */
    static ResolverService start(List<String> args, Ticker cacheClock, Duration staleClientTimer)
            throws IOException {
        ResolverCommand command = new ResolverCommand();
        new CommandLine(command).parseArgs(args.toArray(String[]::new));
        command.cacheClock = cacheClock;
        command.staleClientTimer = staleClientTimer;
        DnsServer server = command.newServer();
        server.start();
        return new ResolverService(server);
    }

    InetSocketAddress address() {
        return server.boundAddresses().getFirst();
    }

    /** Asks with RD=1 over UDP (TCP when the reply is truncated), as a stub would. */
    Message ask(String name, int type) throws DnsClientException {
        Record question = Record.newRecord(Name.fromConstantString(name), type, DClass.IN);
        return client.exchange(address(), client.newQuery(question, true), Protocol.UDP).message();
    }

    @Override
    public void close() {
        server.close();
    }
}
