package dev.jdns.cli.dig;

import static dev.jdns.cli.dig.TextAssertions.assertInOrder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.cli.lab.Checkout;
import dev.jdns.cli.lab.LabFiles;
import dev.jdns.cli.lab.LabNetwork;
import dev.jdns.cli.lab.LabRegistry;
import dev.jdns.cli.lab.Topology;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jdns dig +trace} and {@code +explain} against the lab of {@code zones/}, started in this process, with the
 * files {@code jdns lab} writes for them (its address map, root hints and hosts file): the commands its banner
 * prints. shop.example.com is a CNAME chain over .com, .net and .org, so the walk restarts from the root twice.
 */
class LabTraceAndExplainTest {

    private static final Pattern RECEIVED =
            Pattern.compile("(?m)^;; Received \\d+ bytes from (\\S+)#(\\d+)\\(([^)]+)\\) in \\d+ ms, via (\\S+)$");
    private static final Pattern RESTART = Pattern.compile("(?m)^;; \\S+ is an alias for (\\S+): restarting");
    private static final String ROOT = "root";

    @TempDir
    static Path dir;
    private static LabNetwork lab;
    private static LabFiles files;

    @BeforeAll
    static void startLab() throws Exception {
        Topology topology = Topology.load(Checkout.zones());
        lab = LabNetwork.start(topology, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        files = LabFiles.write(topology, lab, dir.resolve("for-dig"));
    }

    @AfterAll
    static void stopLab() {
        lab.close();
    }

    @Test
    void traceWalksRootTldAndDomainServersAndRestartsForEachCname() {
        DigRun run = DigRun.of("+trace", "--upstream-map", files.upstreamMap().toString(), "--root-hints",
                files.rootHints().toString(), "shop.example.com");

        assertEquals(0, run.exit(), run.err());
        assertSubsequence(List.of(
                        ROOT, "*.gtld-servers.net", "*.example.com", "restart example.shopfront.net.",
                        ROOT, "*.gtld-servers.net", "*.shopfront.net", "restart example.edge.edgecdn.org.",
                        ROOT, "*.nic.org", "*.example.net"),
                steps(run.out()), run.out());
        assertInOrder(run.out(),
                ";; Root hints from " + files.rootHints(),
                "com.\t\t\t172800\tIN\tNS\ta.gtld-servers.net.",
                "example.com.\t\t172800\tIN\tNS\tns1.example.com.",
                "shop.example.com.\t300\tIN\tCNAME\texample.shopfront.net.",
                "example.shopfront.net.\t300\tIN\tCNAME\texample.edge.edgecdn.org.",
                "edgecdn.org.\t\t172800\tIN\tNS\tns1.example.net.",
                "example.edge.edgecdn.org. 30\tIN\tA\t172.30.53.90");
    }

    @Test
    void explainAnswersAHostsFileNameWithoutAskingAnyServer() {
        DigRun run = explain("api.example.com");

        assertEquals(0, run.exit(), run.err());
        assertInOrder(run.out(), "hosts file: hit for api.example.com. A, 1 records",
                ";; Final answer: NOERROR", "api.example.com.\t", "\tIN\tA\t172.30.53.199");
        assertFalse(run.out().contains("upstream:"), run.out());
    }

    @Test
    void explainWalksTheChainOnceAndTheSecondIdenticalNameIsACacheHit() throws Exception {
        Path batch = Files.writeString(dir.resolve("twice"), "shop.example.com\nshop.example.com\n");

        DigRun run = explain("-f", batch.toString());

        assertEquals(0, run.exit(), run.err());
        String[] lessons = run.out().split(";; EXPLAIN: ");
        assertEquals(3, lessons.length, run.out());
        assertInOrder(lessons[1],
                "hosts file: miss for shop.example.com. A", "cache: miss for shop.example.com. A",
                "-SERVERS.NET. (", ") for zone .: ANSWER", "question . NS", "root NS set primed (RFC 9609): [",
                "iterate: start at zone . (cached delegation)",
                "root-servers.net. (", ") for zone .: REFERRAL", "question com. A", "referral from . down to com.",
                "upstream: asked ", "gtld-servers.net. (172.30.53.2", ") for zone com.",
                "question example.com. A",
                "upstream: asked ", ".example.com. (172.30.53.4", ") for zone example.com.: CNAME",
                "question shop.example.com. A",
                "CNAME: shop.example.com. is an alias for example.shopfront.net., restart at the hosts file (hop 1)",
                "upstream: asked ", ".shopfront.net. (", "for zone shopfront.net.: CNAME",
                "restart at the hosts file (hop 2)",
                "upstream: asked ", ".example.net. (", "for zone edgecdn.org.: ANSWER",
                ";; Final answer: NOERROR, 3 answer records",
                "example.edge.edgecdn.org. 30\tIN\tA\t172.30.53.90");
        assertInOrder(lessons[2],
                "hosts file: miss for shop.example.com. A", "cache: hit for shop.example.com. A: alias, ",
                "cache: hit for example.shopfront.net. A: alias, ",
                "cache: hit for example.edge.edgecdn.org. A: positive, ", " s left",
                ";; Final answer: NOERROR, 3 answer records");
        assertFalse(lessons[2].contains("upstream:"), lessons[2]);
    }

    @Test
    void aRunningLabIsFoundFromItsResolversAddressWithNoFlags() throws Exception {
        Topology topology = Topology.load(Checkout.zones());
        String port = Integer.toString(lab.resolverAddress().getPort());
        try (LabFiles published = LabFiles.publish(topology, lab, LabRegistry.forCurrentUser())) {
            DigRun trace = DigRun.of("@127.0.0.1", "-p", port, "+trace", "shop.example.com");
            DigRun explain = DigRun.of("@127.0.0.1", "-p", port, "+explain", "api.example.com");

            assertEquals(0, trace.exit(), trace.err());
            assertInOrder(trace.out(), ";; Root hints from " + published.rootHints() + " (the jdns lab behind"
                    + " @127.0.0.1)", "shop.example.com.\t300\tIN\tCNAME\texample.shopfront.net.",
                    "example.edge.edgecdn.org. 30\tIN\tA\t172.30.53.90");
            assertSubsequence(List.of(ROOT, "*.gtld-servers.net", "*.example.com"), steps(trace.out()),
                    trace.out());
            assertEquals(0, explain.exit(), explain.err());
            assertInOrder(explain.out(), "hosts file: hit for api.example.com. A", "\tIN\tA\t172.30.53.199");
        }
        // Unpublished, dig would walk the simulated addresses themselves: not tried here, so that no packet goes to
        // 172.30.53.0/24; what it would find is checked instead.
        assertEquals(Optional.empty(), LabRegistry.forCurrentUser().find(lab.resolverAddress()));
    }

    private static DigRun explain(String... arguments) {
        List<String> all = new ArrayList<>(List.of("+explain", "--upstream-map", files.upstreamMap().toString(),
                "--root-hints", files.rootHints().toString(), "--hosts", files.hosts().toString()));
        all.addAll(List.of(arguments));
        return DigRun.of(all.toArray(String[]::new));
    }

    /**
     * The trace as steps: each reply's server (either root server is {@value #ROOT}), after checking that it came
     * from the server's simulated address, via the loopback socket the lab runs it on, and each CNAME restart as "restart TARGET".
     */
    private static List<String> steps(String trace) {
        List<int[]> positions = new ArrayList<>();
        List<String> steps = new ArrayList<>();
        Matcher received = RECEIVED.matcher(trace);
        while (received.find()) {
            String server = received.group(3).toLowerCase(Locale.ROOT);
            assertEquals(serverText(server), received.group(1) + "#" + received.group(2) + ", via " + received.group(4),
                    received.group());
            positions.add(new int[] {received.start(), steps.size()});
            steps.add(server.endsWith(".root-servers.net") ? ROOT : eitherServer(server));
        }
        Matcher restart = RESTART.matcher(trace);
        while (restart.find()) {
            positions.add(new int[] {restart.start(), steps.size()});
            steps.add("restart " + restart.group(1));
        }
        positions.sort((a, b) -> Integer.compare(a[0], b[0]));
        return positions.stream().map(position -> steps.get(position[1])).toList();
    }

    /**
     * Every zone has two servers (a primary and its secondary, ns1/ns2 or a/b) and the resolver may ask either:
     * "ns2.example.com" is "*.example.com".
     */
    private static String eitherServer(String server) {
        return server.replaceFirst("^(a|b|ns1|ns2)\\.", "*.");
    }

    /** {@code expected} appears in {@code actual} in order, other steps (glue lookups) allowed between. */
    private static void assertSubsequence(List<String> expected, List<String> actual, String output) {
        int next = 0;
        for (String step : actual) {
            if (next < expected.size() && expected.get(next).equals(step)) {
                next++;
            }
        }
        assertTrue(next == expected.size(), "expected steps " + expected + " in order, got " + actual + ":\n"
                + output);
    }

    /**
     * How a trace names the lab server {@code serverName} (no final dot): its simulated address on port 53, then the
     * loopback socket the lab really runs it on.
     */
    private static String serverText(String serverName) {
        return lab.servers().stream()
                .filter(running -> running.server().displayName().equals(serverName))
                .map(running -> running.server().address().getHostAddress() + "#53, via "
                        + running.localSocket().getAddress().getHostAddress() + "#" + running.localSocket().getPort())
                .findFirst().orElseThrow();
    }
}
