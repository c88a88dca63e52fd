package dev.jdns.cli;

import dev.jdns.cli.control.LabControl;
import dev.jdns.cli.lab.ComposeFile;
import dev.jdns.cli.lab.LabFiles;
import dev.jdns.cli.lab.LabNetwork;
import dev.jdns.cli.lab.LabRegistry;
import dev.jdns.cli.lab.LabSigner;
import dev.jdns.cli.lab.SignedZoneFiles;
import dev.jdns.cli.lab.LabZones;
import dev.jdns.cli.lab.Topology;
import dev.jdns.cli.lab.TopologyException;
import dev.jdns.resolver.validate.TrustAnchors;
import dev.jdns.transport.ListenException;
import dev.jdns.cli.config.ConfigOption;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jdns lab}: the whole simulated internet of {@code zones/} and a resolver, in one process. */
@Command(
        name = "lab",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Run the simulated internet: every name server that the zones' NS records and glue describe, each on"
                    + " its own loopback socket, and a recursive resolver that reaches them (and nothing else).",
            "Every zone has a primary (the server its SOA names) and a secondary that it feeds by NOTIFY and IXFR;"
                    + " a zone file changed while the lab runs reaches both within seconds. With --control PATH,"
                    + " `jdns control --socket PATH stop|start SERVER`, `slow SERVER DURATION` and `servers` change"
                    + " the servers while it runs; the resolver fails over, and serves stale answers (RFC 8767)"
                    + " when every server of a zone is stopped.",
            "Zones: --zones DIR, else zones/ when run from a jdns checkout, else the copy built into the jar."
        })
final class LabCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LoggingOptions logging;

    @Mixin
    ConfigOption config;

    @Mixin
    ControlOption control;

    @Option(names = "--zones", paramLabel = "DIR",
            description = "Folder of *.zone files with root.hints and hosts (default: see above).")
    Path zones;

    @Option(names = "--listen", paramLabel = "ADDR:PORT", converter = ListenAddressConverter.class,
            defaultValue = "127.0.0.1:5353",
            description = "Where the resolver listens, UDP and TCP; it answers loopback clients only"
                    + " (default: 127.0.0.1:5353).")
    InetSocketAddress listen;

    @Option(names = "--files", paramLabel = "DIR",
            description = "Also write the address map (" + LabFiles.UPSTREAM_MAP + "), root.hints and hosts that"
                    + " `jdns dig +trace/+explain` use into DIR (they are always published where jdns dig finds"
                    + " them from the resolver's address, and deleted on exit). With --dnssec --compose: where the"
                    + " signed zone files and trust anchor for the containers are written.")
    Path files;

    @Option(names = "--compose", description = "Print the docker-compose.yml of these zones and exit.")
    boolean compose;

    @Option(names = "--dnssec",
            description = "Sign the whole internet from the root down with keys made for this run (KSK and ZSK,"
                    + " ECDSAP256SHA256, NSEC; each parent holds its children's DS), add zones that break DNSSEC on"
                    + " purpose, and validate in the resolver from the root's DS (written as "
                    + LabFiles.TRUST_ANCHOR + " beside the address map). With --compose, --files DIR gets the"
                    + " signed zone files and the trust anchor that the printed compose file mounts.")
    boolean dnssec;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        var out = spec.commandLine().getOut();
        LabZones.Source source;
        Topology topology;
        Optional<LabSigner.SignedLab> signed;
        try {
            source = LabZones.locate(zones);
            topology = Topology.load(source.directory());
            signed = dnssec ? Optional.of(LabSigner.sign(topology, Instant.now())) : Optional.empty();
        } catch (IOException | TopologyException e) {
            err.println("jdns lab: " + e.getMessage());
            return ServerRunner.CANNOT_START;
        }
        if (compose) {
            return printCompose(topology, signed, out, err);
        }
        Topology served = signed.map(LabSigner.SignedLab::topology).orElse(topology);
        LabNetwork network;
        try {
            network = LabNetwork.start(served, listen,
                    signed.map(LabSigner.SignedLab::trustAnchors).orElse(TrustAnchors.none()));
        } catch (ListenException e) {
            err.println("jdns lab: " + e.getMessage() + ServerRunner.hint(e));
            return ServerRunner.CANNOT_START;
        } catch (IOException e) {
            err.println("jdns lab: " + e.getMessage());
            return ServerRunner.CANNOT_START;
        }
        List<LabFiles> digFiles = writeDigFiles(served, network, err);
        if (digFiles == null) {
            network.close();
            return ServerRunner.CANNOT_START;
        }
        List<AutoCloseable> resources = new ArrayList<>(List.of(network));
        resources.addAll(digFiles);
        ServerRunner.StopRequest stop = new ServerRunner.StopRequest();
        if (control.enabled() && !control.start(LabControl.addTo(
                control.labCommands(() -> ServerRunner.hostPort(network.resolverAddress()), stop), network,
                new DurationConverter()::convert), "jdns lab", err, resources)) {
            ServerRunner.closeAll(resources);
            return ServerRunner.CANNOT_START;
        }
        out.print(LabBanner.text(served, source, network, digFiles, LabBanner.launcher(), control.path));
        signed.ifPresent(lab -> out.print(LabBanner.dnssecText(lab, network, digFiles, LabBanner.launcher())));
        out.flush();
        return ServerRunner.serveUntilStopped(resources, stop);
    }

    /**
     * {@code --compose}: the compose file on out; signed, it mounts the signed zones and trust anchor written into
     * {@code --files DIR} (named as given, so a relative folder stays relative to the compose file printed here).
     */
    private int printCompose(Topology topology, Optional<LabSigner.SignedLab> signed, PrintWriter out,
            PrintWriter err) {
        if (signed.isEmpty()) {
            out.print(ComposeFile.generate(topology));
            out.flush();
            return 0;
        }
        if (files == null) {
            err.println("jdns lab: --dnssec --compose needs --files DIR for the signed zones the containers serve");
            return Main.USAGE_ERROR;
        }
        try {
            SignedZoneFiles.write(signed.get(), files);
        } catch (IOException e) {
            err.println("jdns lab: cannot write the signed zones: " + e.getMessage());
            return ServerRunner.CANNOT_START;
        }
        String mount = files.isAbsolute() ? files.normalize().toString() : "./" + files.normalize();
        out.print(ComposeFile.generate(signed.get().topology(), new ComposeFile.ZoneFolder(mount, true)));
        out.flush();
        return 0;
    }

    /**
     * The files {@code jdns dig +trace/+explain} read: always published where dig finds them from the resolver's
     * socket, and copied into {@code --files DIR} when given. Null (said on err) when they cannot be written.
     */
    private List<LabFiles> writeDigFiles(Topology topology, LabNetwork network, PrintWriter err) {
        List<LabFiles> written = new ArrayList<>();
        try {
            written.add(LabFiles.publish(topology, network, LabRegistry.forCurrentUser()));
            if (files != null) {
                written.add(LabFiles.write(topology, network, files));
            }
            return written;
        } catch (IOException e) {
            err.println("jdns lab: cannot write the files for jdns dig: " + e.getMessage());
            for (LabFiles done : written) {
                try {
                    done.close();
                } catch (IOException ignored) {
                    // best effort: the lab is not starting
                }
            }
            return null;
        }
    }
}
