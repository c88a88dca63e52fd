package dev.jdns.cli;

import dev.jdns.authoritative.AccessPolicy;
import dev.jdns.authoritative.AuthoritativeHandler;
import dev.jdns.authoritative.NotifySender;
import dev.jdns.authoritative.PrimaryRole;
import dev.jdns.authoritative.SecondaryRole;
import dev.jdns.authoritative.UpdateJournal;
import dev.jdns.authoritative.UpdateResponder;
import dev.jdns.authoritative.ZoneJournal;
import dev.jdns.authoritative.LoadedZone;
import dev.jdns.authoritative.ZoneFileWatcher;
import dev.jdns.authoritative.ZoneLoadException;
import dev.jdns.authoritative.ZonePreparation;
import dev.jdns.authoritative.ZoneStore;
import dev.jdns.authoritative.catalog.CatalogProducer;
import dev.jdns.authoritative.dnssec.OnlineSigning;
import dev.jdns.authoritative.dnssec.SignatureRefresher;
import dev.jdns.cli.config.ConfigKeys;
import dev.jdns.cli.config.ConfigOption;
import dev.jdns.cli.config.ConfigReload;
import dev.jdns.cli.control.ServeControl;
import dev.jdns.cli.lab.WarmUp;
import dev.jdns.cli.metrics.MetricsEndpoint;
import dev.jdns.cli.metrics.ZoneMetrics;
import dev.jdns.transport.DnsServer;
import dev.jdns.transport.ResponseLimiter;
import dev.jdns.transport.ServerOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
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
                    + " an in-place edit is read once unchanged for --reload-settle.",
            "--dnssec signs zones online: a signed copy is made at start, on each reload and before signatures"
                    + " expire, then swapped in while the old copy keeps answering.",
            "--secondary zones are transferred in from their primaries (AXFR, then IXFR on NOTIFY and the SOA"
                    + " timers), saved in --state-dir, and served to secondaries of their own.",
            "--catalog makes a --secondary zone a catalog (RFC 9432) whose members are served as secondaries too;"
                    + " --catalog-generate serves a catalog of the zone files' zones."
        })
final class ServeCommand implements Callable<Integer> {

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

    @Option(names = "--check",
            description = "Check the configuration and the zones as jdns check does, print the problems, and exit"
                    + " (0: none) instead of serving.")
    boolean check;

    @Mixin
    ListenOptions listen;

    @Mixin
    PrimaryOptions primary;

    @Mixin
    SecondaryOptions secondary;

    @Mixin
    IdentityOptions identity;

    @Mixin
    RateLimitOptions rateLimit;

    @Mixin
    CookieOptions cookies;

    @Mixin
    WarmUpOption warmUp;

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

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Where serve keeps its state: the IXFR journal of each zone (default: in memory, lost on"
                    + " restart), the dynamic updates of each --allow-update zone (<zone>.updates), DNSSEC keys"
                    + " (keys/), the DS for each signed zone (<zone>.ds) and its last signed serial, the copies of"
                    + " --secondary zones (secondary/).")
    Path stateDir;

    @Option(names = "--round-robin",
            description = "Rotate the records of each RRset by one from one reply to the next. Off by default, as in"
                    + " NSD and Knot: records go out in zone order, so every reply is built once per zone version and"
                    + " then sent again with only its ID and the question's case changed.")
    boolean roundRobin;

    @Mixin
    DnssecOptions dnssec;

    @Parameters(paramLabel = "ZONEFILE|DIR", arity = "0..*",
            description = "Zone files or directories of *.zone (none: only --secondary zones).")
    List<Path> sources = new ArrayList<>();

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        var out = spec.commandLine().getOut();
        if (check) {
            return CheckCommand.check("jdns serve --check", sources, out, err);
        }
        if (sources.isEmpty() && !secondary.any()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "give zone files or directories to serve, or --secondary zones");
        }
        ResponseLimiter limiter = rateLimit.limiter();
        Optional<OnlineSigning> signing = dnssec.signing(stateDir, spec);
        ZoneStore zones;
        AccessPolicy access;
        ZoneJournal journal;
        Optional<SecondaryRole> secondaries;
        Optional<UpdateJournal> updateJournal;
        Optional<CatalogProducer> catalogProducer;
        try {
            access = primary.accessPolicy();
            updateJournal = primary.updateJournal(stateDir);
            ZonePreparation signed = signing.isPresent() ? signing.get() : ZonePreparation.NONE;
            ZonePreparation preparation = updateJournal.map(j -> j.replayingBefore(signed)).orElse(signed);
            zones = ZoneStore.load(sources, reloadSettle, System::nanoTime, preparation);
            catalogProducer = primary.catalogProducer(zones);
            secondaries = secondary.role(access, zones, stateDir, spec); // saved copies served before the journal opens
            journal = PrimaryOptions.journal(stateDir, zones.get());
        } catch (ZoneLoadException | IOException e) {
            err.println("jdns serve: " + e.getMessage());
            return ServerRunner.CANNOT_START;
        }
        signing.ifPresent(s -> DnssecOptions.requireServed(s, zones.get(), spec));
        warmUp.run("jdns serve", WarmUp::serve, WarmUpOption.SERVE);
        // Parsing (and the warm-up) leave garbage in a heap grown to hold it. One full collection before serving lets
        // the collector hand that memory back (the launcher runs serve on G1 with MaxHeapFreeRatio=30; without it a
        // large zone stays resident at several times its live heap: bench/memory.sh). A pause before the first query
        // costs nothing.
        System.gc();
        Optional<UpdateResponder> updates = updateJournal.map(j -> new UpdateResponder(zones, access.allowUpdate(),
                j, origin -> signing.filter(s -> s.selection().covers(origin)).isPresent()));
        AuthoritativeHandler.Builder builder = AuthoritativeHandler.serving(zones).chaos(identity.chaos())
                .access(access).history(journal).roundRobin(roundRobin);
        secondaries.ifPresent(builder::secondaries);
        updates.ifPresent(builder::updates);
        AuthoritativeHandler handler = builder.build();
        MetricsEndpoint endpoint = metrics.endpointOrNull(control);
        DnsServer server;
        try {
            server = new DnsServer(listen.addresses(), queryLog.wrap(handler, "zone", endpoint),
                    ServerOptions.defaults(), limiter);
            cookies.applyTo(server);
        } catch (IOException e) {
            err.println("jdns serve: " + e.getMessage());
            return ServerRunner.CANNOT_START;
        } catch (IllegalArgumentException e) {
            err.println("jdns serve: " + e.getMessage() + " (try 'jdns serve --help')");
            return Main.USAGE_ERROR;
        }
        if (endpoint != null) {
            endpoint.instrument(server);
            ZoneMetrics.register(endpoint.registry(), zones);
        }
        if (!metrics.start(endpoint, "jdns serve", err)) {
            return ServerRunner.CANNOT_START;
        }
        if (!ServerRunner.start("jdns serve", server, err)) {
            ServerRunner.closeAll(queryLog.resources());
            ServerRunner.closeAll(endpoint == null ? List.of() : List.of(endpoint));
            return ServerRunner.CANNOT_START;
        }
        List<AutoCloseable> resources = new ArrayList<>();
        catalogProducer.ifPresent(resources::add); // closed first: what they change notifies and transfers
        resources.addAll(secondary.catalogConsumers());
        if (endpoint != null) {
            resources.add(endpoint);
        }
        NotifySender notifier = primary.notifySender(access.keys());
        resources.add(notifier);
        PrimaryRole primaryRole = primary.primaryRole(access, journal, server.boundAddresses(), notifier);
        zones.addChangeListener(primaryRole);
        secondaries.ifPresent(role -> {
            role.start(); // after the primary role listens: what comes by transfer is journaled and notified on
            resources.add(role);
        });
        if (watchInterval.isPositive()) {
            resources.add(ZoneFileWatcher.start(zones, watchInterval));
        }
        signing.ifPresent(s -> resources.add(SignatureRefresher.start(zones, s, SignatureRefresher.DEFAULT_INTERVAL)));
        resources.add(server);
        resources.addAll(queryLog.resources()); // after the server: its last queries are written
        Runnable reload = reloadConfigThenZones(zones);
        ReloadSignal.onHangup(reload);
        ServerRunner.StopRequest stop = new ServerRunner.StopRequest();
        if (control.enabled() && !control.start(ServeControl.addTo(control.commands("jdns serve", server, endpoint,
                stop), zones, reload, primaryRole, secondaries), "jdns serve", err, resources)) {
            ServerRunner.closeAll(resources);
            return ServerRunner.CANNOT_START;
        }
        out.println("jdns serve: listening on " + ServerRunner.describe(server.boundAddresses()) + ", zones "
                + java.util.stream.Stream.concat(zones.get().zones().stream().map(LoadedZone::origin),
                        secondary.origins().stream()).map(Object::toString).distinct().sorted()
                        .collect(Collectors.joining(" ")) + metrics.describe(endpoint) + control.describe());
        signing.ifPresent(s -> DnssecOptions.announce(s, dnssec.denial, out));
        out.flush();
        return ServerRunner.serveUntilStopped(resources, stop);
    }

    /** SIGHUP: the config file first (its zone list applies at once), then every zone file. */
    private Runnable reloadConfigThenZones(ZoneStore zones) {
        var reload = ConfigReload.of(spec, config);
        return () -> {
            reload.ifPresent(file -> file.reload(Map.of(ConfigKeys.POSITIONAL, value -> {
                @SuppressWarnings("unchecked") // the type of the `sources` field below
                List<Path> newSources = (List<Path>) value;
                zones.changeSources(newSources);
            }, LoggingOptions.KEY, LoggingOptions.APPLIED_WHEN_PARSED)));
            zones.reload(true);
        };
    }
}
