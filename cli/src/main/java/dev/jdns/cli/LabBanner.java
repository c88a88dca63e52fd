package dev.jdns.cli;

import dev.jdns.cli.lab.LabExamples;
import dev.jdns.cli.lab.LabNetwork;
import dev.jdns.cli.lab.LabZones;
import dev.jdns.cli.lab.SimulatedServer;
import dev.jdns.cli.lab.Topology;
import java.util.ArrayList;
import java.util.List;

/** What `jdns lab` prints when it has started: the servers, the resolver, and queries to try. */
final class LabBanner {

    private LabBanner() {}

    static String text(Topology topology, LabZones.Source zones, LabNetwork network) {
        StringBuilder out = new StringBuilder();
        out.append("jdns lab: the simulated internet from ").append(zones.directory())
                .append(" (").append(zones.description()).append(")\n");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"SERVER", "SIMULATED ADDRESS", "ZONES", "LISTENING ON"});
        for (LabNetwork.RunningServer running : network.servers()) {
            SimulatedServer server = running.server();
            rows.add(new String[] {server.displayName(), server.address().getHostAddress(), server.displayOrigins(),
                ServerRunner.hostPort(running.localSocket())});
        }
        appendTable(out, rows);
        String resolver = ServerRunner.hostPort(network.resolverAddress());
        out.append("jdns lab: resolver listening on ").append(resolver).append(" (udp+tcp), with ")
                .append(Topology.ROOT_HINTS).append(" and ").append(Topology.HOSTS)
                .append(" from the zones; it reaches only the servers above\n");
        out.append("Try:\n");
        // TODO(jdns dig): once `jdns dig` exists, print `./jdns dig @HOST -p PORT ...` lines instead of dig.
        String dig = "dig @" + network.resolverAddress().getAddress().getHostAddress() + " -p "
                + network.resolverAddress().getPort() + " ";
        List<LabExamples.Example> examples = LabExamples.of(topology);
        int width = examples.stream().mapToInt(e -> e.query().length()).max().orElse(0) + dig.length();
        for (LabExamples.Example example : examples) {
            out.append("  ").append(pad(dig + example.query(), width)).append("  # ").append(example.shows())
                    .append('\n');
        }
        return out.toString();
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
