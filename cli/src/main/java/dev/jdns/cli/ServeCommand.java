package dev.jdns.cli;

import dev.jdns.authoritative.AccessPolicy;
import dev.jdns.authoritative.AuthoritativeHandler;
import dev.jdns.authoritative.NotifySender;
import dev.jdns.authoritative.ZoneJournal;
import dev.jdns.authoritative.LoadedZone;
import dev.jdns.authoritative.ZoneFileWatcher;
import dev.jdns.authoritative.ZoneLoadException;
import dev.jdns.authoritative.ZoneStore;
import dev.jdns.transport.DnsServer;
import dev.jdns.transport.ResponseLimiter;
import dev.jdns.transport.ServerOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jdns serve}: an authoritative nameserver for RFC 1035 zone files. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Serve RFC 1035 zone files authoritatively over UDP and TCP.",
            "Each ZONEFILE is one zone (origin from its SOA/$ORIGIN, or from the file name: example.com.zone);"
                    + " a DIR serves every *.zone file in it.",
            "Zone files are re-read when they change and on SIGHUP; a broken file keeps its last good zone.",
            "Write zone files by rename (a temp file in the same directory, then mv): that is read at once;"
                    + " an in-place edit is read once unchanged for --reload-settle."
        })
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LoggingOptions logging;

    @Mixin
    ListenOptions listen;

    @Mixin
    PrimaryOptions primary;

    @Mixin
    IdentityOptions identity;

    @Mixin
    RateLimitOptions rateLimit;

    @Option(names = "--watch-interval", paramLabel = "DURATION", defaultValue = "1s",
            converter = DurationConverter.class,
            description = "How often zone files are checked for changes (1s, 500ms; a bare number is seconds);"
                    + " 0 turns watching off (default: 1s).")
    Duration watchInterval;

    @Option(names = "--reload-settle", paramLabel = "DURATION", defaultValue = "5s",
            converter = DurationConverter.class,
            description = "A file changed in place is re-read once unchanged this long, so a half-written file is"
                    + " never served; a file replaced by rename is re-read at once, SIGHUP re-reads all;"
                    + " 0 re-reads at once (default: 5s).")
    Duration reloadSettle;

    @Parameters(paramLabel = "ZONEFILE|DIR", arity = "1..*", description = "Zone files or directories of *.zone.")
    List<Path> sources;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        var out = spec.commandLine().getOut();
        ResponseLimiter limiter = rateLimit.limiter();
        ZoneStore zones;
        AccessPolicy access;
        ZoneJournal journal;
        try {
            access = primary.accessPolicy();
            zones = ZoneStore.load(sources, reloadSettle, System::nanoTime);
            journal = primary.journal(zones.get());
        } catch (ZoneLoadException | IOException e) {
            err.println("jdns serve: " + e.getMessage());
            return ServerRunner.CANNOT_START;
        }
        // Parsing leaves garbage in a heap grown to hold it. One full collection before serving lets the collector
        // hand that memory back (the launcher runs serve on G1 with MaxHeapFreeRatio=30; without it a large zone
        // stays resident at several times its live heap: bench/memory.sh). A pause before the first query costs
        // nothing.
        System.gc();
        AuthoritativeHandler handler = new AuthoritativeHandler(zones, identity.chaos(), access, journal);
        DnsServer server = new DnsServer(listen.addresses(), handler, ServerOptions.defaults(), limiter);
        if (!ServerRunner.start("jdns serve", server, err)) {
            return ServerRunner.CANNOT_START;
        }
        List<AutoCloseable> resources = new ArrayList<>();
        NotifySender notifier = primary.notifySender(access.keys());
        resources.add(notifier);
        zones.addChangeListener(primary.primaryRole(access, journal, server.boundAddresses(), notifier));
        if (watchInterval.isPositive()) {
            resources.add(ZoneFileWatcher.start(zones, watchInterval));
        }
        resources.add(server);
        ReloadSignal.onHangup(() -> zones.reload(true));
        out.println("jdns serve: listening on " + ServerRunner.describe(server.boundAddresses()) + ", zones "
                + zones.get().zones().stream().map(LoadedZone::origin).map(Object::toString).sorted()
                        .collect(Collectors.joining(" ")));
        out.flush();
        return ServerRunner.serveUntilStopped(resources);
    }
}
