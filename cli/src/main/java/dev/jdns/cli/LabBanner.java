package dev.jdns.cli;

import dev.jdns.cli.lab.LabExamples;
import dev.jdns.cli.lab.LabFiles;
import dev.jdns.cli.lab.LabNetwork;
import dev.jdns.cli.lab.LabSigner;
import dev.jdns.cli.lab.LabZones;
import dev.jdns.cli.lab.SimulatedServer;
import dev.jdns.cli.lab.Topology;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;

/** What `jdns lab` prints when it has started: the servers, the resolver, and queries to try. */
final class LabBanner {

    /** The launcher at the top of a jdns checkout. */
    private static final String LAUNCHER_SCRIPT = "jdns";

    private LabBanner() {}

    /**
     * The banner. {@code jdns} is how the example commands start ({@link #launcher()}); {@code files} holds the
     * address map, root hints and hosts file that the {@code jdns dig +trace/+explain} examples read.
     */
    static String text(Topology topology, LabZones.Source zones, LabNetwork network, List<LabFiles> files,
            String jdns) {
        return text(topology, zones, network, files, jdns, null);
    }

    /** As above; {@code control} is the lab's --control socket (null: none), for the stop/start examples. */
    static String text(Topology topology, LabZones.Source zones, LabNetwork network, List<LabFiles> files,
            String jdns, Path control) {
        StringBuilder out = new StringBuilder();
        out.append("jdns lab: the simulated internet from ").append(zones.directory())
                .append(" (").append(zones.description()).append(")\n");
        appendServers(out, network);
        out.append("jdns lab: resolver listening on ").append(ServerRunner.hostPort(network.resolverAddress()))
                .append(" (udp+tcp), with ").append(Topology.ROOT_HINTS).append(" and ").append(Topology.HOSTS)
                .append(" from the zones; it reaches only the servers above\n");
        for (LabFiles written : files) {
            out.append("jdns lab: address map, root hints and hosts for jdns dig +trace/+explain in ")
                    .append(written.directory())
                    .append(written.temporary() ? " (found from the resolver's address; deleted when the lab stops)\n"
                            : "\n");
        }
        List<LabExamples.Example> examples = LabExamples.of(topology);
        String ask = ask(network, jdns);
        appendQueries(out, examples, ask);
        appendStepByStep(out, examples.getFirst().query(), ask);
        LabExamples.failover(topology).ifPresent(failover -> appendFailover(out, failover, ask, jdns, control));
        return out.toString();
    }

    /**
     * Stop a zone's primary and watch the resolver ask its secondary; stop both and, once the TTL has passed, the
     * answer comes stale (RFC 8767, EDE 3).
     */
    private static void appendFailover(StringBuilder out, LabExamples.Failover failover, String ask, String jdns,
            Path control) {
        String query = failover.query().toString(true);
        if (control == null) {
            out.append("Lose a server: start the lab with --control PATH, then `").append(jdns)
                    .append(" control --socket PATH stop ").append(failover.primary().displayName())
                    .append("` (also start, slow SERVER 2s, servers)\n");
            return;
        }
        String ctl = jdns + " control --socket " + control + " ";
        List<String[]> rows = List.of(
                new String[] {ctl + "stop " + failover.primary().displayName(),
                    "the primary of " + failover.zone() + " is down"},
                new String[] {ask + "+explain " + query, "a timeout there (1.5 s), then the answer from "
                    + failover.secondary().displayName()},
                new String[] {ctl + "stop " + failover.secondary().displayName(),
                    "both down: past the TTL, answers come stale (EDE 3)"},
                new String[] {ctl + "start " + failover.primary().displayName(),
                    "back (also: slow SERVER 2s, servers)"});
        int width = rows.stream().mapToInt(row -> row[0].length()).max().orElse(0);
        out.append("Lose a server (its secondary answers; NOTIFY and IXFR keep it current):\n");
        rows.forEach(row -> out.append("  ").append(pad(row[0], width)).append("  # ").append(row[1]).append('\n'));
    }

    /**
     * What {@code jdns lab --dnssec} adds to the banner: how the internet is signed, where the trust anchor is, and
     * a query for a secure name and for each broken zone, with what the validating resolver answers.
     */
    static String dnssecText(LabSigner.SignedLab lab, LabNetwork network, List<LabFiles> files, String jdns) {
        StringBuilder out = new StringBuilder("jdns lab: DNSSEC: every zone signed from the root down with keys made"
                + " for this run (KSK and ZSK, ECDSAP256SHA256, NSEC); the resolver validates from the root's DS");
        files.stream().findFirst().ifPresent(written -> out.append(" in ").append(written.trustAnchor()));
        out.append('\n');
        String ask = ask(network, jdns) + "+dnssec ";
        List<String[]> rows = new ArrayList<>();
        String secure = LabExamples.of(lab.topology()).getFirst().query();
        rows.add(new String[] {ask + secure, "signed all the way: NOERROR with AD"});
        for (LabSigner.Case broken : lab.cases()) {
            rows.add(new String[] {ask + broken.probe().toString(true),
                broken.kind().shows() + ": " + broken.kind().verdict()});
        }
        int width = rows.stream().mapToInt(row -> row[0].length()).max().orElse(0);
        out.append("Signed, and broken on purpose:\n");
        rows.forEach(row -> out.append("  ").append(pad(row[0], width)).append("  # ").append(row[1]).append('\n'));
        return out.toString();
    }

    /** The start of a {@code jdns dig} command line that asks the lab's resolver. */
    private static String ask(LabNetwork network, String jdns) {
        return jdns + " dig @" + network.resolverAddress().getAddress().getHostAddress() + " -p "
                + network.resolverAddress().getPort() + " ";
    }

    private static void appendServers(StringBuilder out, LabNetwork network) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"SERVER", "SIMULATED ADDRESS", "ZONES", "LISTENING ON"});
        for (LabNetwork.RunningServer running : network.servers()) {
            SimulatedServer server = running.server();
            rows.add(new String[] {server.displayName(), server.address().getHostAddress(), server.displayOrigins(),
                ServerRunner.hostPort(running.localSocket())});
        }
        appendTable(out, rows);
    }

    /** Plain queries to the lab's resolver, each with what it shows. */
    private static void appendQueries(StringBuilder out, List<LabExamples.Example> examples, String ask) {
        out.append("Try:\n");
        int width = examples.stream().mapToInt(e -> e.query().length()).max().orElse(0) + ask.length();
        for (LabExamples.Example example : examples) {
            out.append("  ").append(pad(ask + example.query(), width)).append("  # ").append(example.shows())
                    .append('\n');
        }
    }

    /**
     * +trace and +explain run their own resolver inside dig; asked of the lab's resolver socket, dig finds the lab's
     * published address map and hints and walks the simulated servers themselves, one by one.
     */
    private static void appendStepByStep(StringBuilder out, String query, String ask) {
        out.append("Step by step (+trace: each reply from the root down; +explain: hosts file, cache, each server):\n");
        out.append("  ").append(ask).append("+trace ").append(query).append('\n');
        out.append("  ").append(ask).append("+explain ").append(query).append('\n');
    }

    /**
     * How the user runs jdns from where the lab was started, so the examples work when pasted: the launcher of a
     * checkout, else the jar this class was loaded from, else plain {@code jdns} (installed on the PATH, say).
     */
    static String launcher() {
        Path script = Path.of(LAUNCHER_SCRIPT);
        if (Files.isRegularFile(script) && Files.isExecutable(script)) {
            return "./" + LAUNCHER_SCRIPT;
        }
        CodeSource code = LabBanner.class.getProtectionDomain().getCodeSource();
        if (code != null && code.getLocation() != null) {
            try {
                Path location = Path.of(code.getLocation().toURI());
                if (Files.isRegularFile(location) && location.toString().endsWith(".jar")) {
                    return "java -jar " + location;
                }
            } catch (URISyntaxException | IllegalArgumentException e) {
                // a location that is not a file: name the command instead
            }
        }
        return "jdns";
    }

    private static void appendTable(StringBuilder out, List<String[]> rows) {
        int[] widths = new int[rows.getFirst().length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                out.append("  ").append(i == row.length - 1 ? row[i] : pad(row[i], widths[i]));
            }
            out.append('\n');
        }
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }
}
