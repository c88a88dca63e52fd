package dev.jdns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.testing.LoopbackClient;
import dev.jdns.transport.testing.TestQueries;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import picocli.CommandLine;

/** `jdns serve --config FILE`: the file gives what the flags give, the command line wins, SIGHUP re-reads it. */
class ServeConfigFileTest {

    @TempDir
    Path dir;

    private Path zoneA;
    private Path zoneB;

    @BeforeEach
    void zones() throws Exception {
        zoneA = Files.writeString(dir.resolve("a.example.zone"), zone("192.0.2.1"));
        zoneB = Files.writeString(dir.resolve("b.example.zone"), zone("192.0.2.2"));
    }

    private static String zone(String address) {
        return """
                $TTL 3600
                @    IN SOA ns1 hostmaster 1 7200 3600 1209600 300
                @    NS   ns1
                ns1  A    192.0.2.53
                www  A    %s
                """.formatted(address);
    }

    private Path config(String text) throws Exception {
        return Files.writeString(dir.resolve("jdns.yaml"), text);
    }

    @Test
    void theFileAnswersTheSameQueriesAsTheFlags() throws Exception {
        List<String> fromFlags;
        try (RunningServe serve = RunningServe.start("--listen", "127.0.0.1:0", "--identity", "ns-test",
                "--rate-limit", "0", "--allow-transfer", "127.0.0.0/8", zoneA.toString(), zoneB.toString())) {
            fromFlags = answers(serve.address());
        }
        Path file = config("""
                # the same server as the flags above
                listen: 127.0.0.1:0
                identity: ns-test      # CHAOS id.server
                rate-limit: 0
                allow-transfer: [127.0.0.0/8]
                zones:
                  - %s
                  - %s
                """.formatted(zoneA, zoneB));
        try (RunningServe serve = RunningServe.start("--config", file.toString())) {
            assertEquals(fromFlags, answers(serve.address()), serve.err());
        }
        assertTrue(fromFlags.getFirst().contains("192.0.2.1"), fromFlags.toString());
        assertTrue(fromFlags.get(3).contains("ns-test"), fromFlags.toString());
    }

    /** rcode and answer section of a few queries: both zones, a name that does not exist, and CHAOS id.server. */
    private static List<String> answers(InetSocketAddress server) throws Exception {
        List<Message> queries = List.of(TestQueries.query("www.a.example", Type.A),
                TestQueries.query("www.b.example", Type.A), TestQueries.query("nothing.a.example", Type.A),
                Message.newQuery(Record.newRecord(Name.fromString("id.server."), Type.TXT, DClass.CH)));
        List<String> answers = new ArrayList<>();
        for (Message query : queries) {
            Message reply = LoopbackClient.udp(server, query).orElseThrow();
            answers.add(Rcode.string(reply.getRcode()) + " " + reply.getSection(Section.ANSWER));
        }
        LoopbackClient.tcp(server, TestQueries.query("a.example", Type.AXFR))
                .ifPresent(axfr -> answers.add("AXFR " + Rcode.string(axfr.getRcode())));
        return answers;
    }

    @Test
    void theCommandLineWinsForSingleAndRepeatableOptionsAndZones() throws Exception {
        Path file = config("""
                identity: from-file
                listen: [127.0.0.2:0, 127.0.0.3:0]
                zones: [%s]
                """.formatted(zoneA));
        try (RunningServe serve = RunningServe.start("--config", file.toString())) {
            assertTrue(serve.out().matches("jdns serve: listening on 127\\.0\\.0\\.2:\\d+, 127\\.0\\.0\\.3:\\d+"
                    + " \\(udp\\+tcp\\), zones a\\.example\\.\\s*"), serve.out() + serve.err());
            assertEquals("from-file", identity(serve.address()));
        }
        try (RunningServe serve = RunningServe.start("--config", file.toString(), "--identity", "from-flag",
                "--listen", "127.0.0.1:0", zoneB.toString())) {
            assertTrue(serve.out().matches("jdns serve: listening on 127\\.0\\.0\\.1:\\d+ \\(udp\\+tcp\\), zones"
                    + " b\\.example\\.\\s*"), serve.out() + serve.err());
            assertEquals("from-flag", identity(serve.address()));
        }
    }

    private static String identity(InetSocketAddress server) throws Exception {
        Message reply = LoopbackClient.udp(server,
                Message.newQuery(Record.newRecord(Name.fromString("id.server."), Type.TXT, DClass.CH))).orElseThrow();
        return reply.getSection(Section.ANSWER).getFirst().rdataToString().replace("\"", "");
    }

    @Test
    void badFilesStopTheStartWithFileAndLine() throws Exception {
        assertBad("listen: 127.0.0.1:0\nlisten-everywhere: true\n", 2, "unknown key 'listen-everywhere'");
        assertBad("listen:\n  - 127.0.0.1:0\n  - not-an-address\n", 3, "listen: ");
        assertBad("# comment\nidentity: [a, b]\n", 2, "identity: takes one value, not a list");
        assertBad("rate-limit: lots\n", 1, "rate-limit: ");
        assertBad("no-chaos: maybe\n", 1, "no-chaos: expected true or false, not 'maybe'");
        assertBad("listen: 127.0.0.1:0\nlisten: 127.0.0.2:0\n", 2, "'listen' given twice (first on line 1)");
        assertBad("listen: [127.0.0.1:0\n", 2, "");
        assertBad("- a list\n", 1, "expected 'key: value' lines at the top level");
        assertBad("watch-interval:\n", 1, "watch-interval: no value");
    }

    private void assertBad(String text, int line, String message) throws Exception {
        Path file = config(text);
        Result result = run("--config", file.toString(), zoneA.toString());
        assertEquals(2, result.exitCode(), result.err());
        List<String> lines = result.err().lines().toList();
        assertEquals(1, lines.size(), result.err());
        assertTrue(lines.getFirst().startsWith(file + ":" + line + ": " + message), lines.getFirst());
        assertTrue(result.out().isEmpty(), result.out());
    }

    @Test
    void aBadValueOverriddenOnTheCommandLineIsNotRead() throws Exception {
        Path file = config("rate-limit: lots\nlisten: 127.0.0.1:0\n");
        try (RunningServe serve = RunningServe.start("--config", file.toString(), "--rate-limit", "0",
                zoneA.toString())) {
            assertEquals(Rcode.NOERROR, LoopbackClient.udp(serve.address(),
                    TestQueries.query("www.a.example", Type.A)).orElseThrow().getRcode(), serve.err());
        }
    }

    @Test
    void checkValidatesTheConfigAndTheZonesWithoutServing() throws Exception {
        Path file = config("listen: 127.0.0.1:0\nzones: [%s]\n".formatted(zoneA));
        Result good = run("--config", file.toString(), "--check");
        assertEquals(0, good.exitCode(), good.err());
        assertTrue(good.out().contains("jdns serve --check: 1 zone from 1 file, 0 problems"), good.out());

        Path broken = Files.writeString(dir.resolve("c.example.zone"), "$TTL 3600\n@ IN SOA ns1 h 1 2 3 4 5\n"
                + "www CNAME x\nwww A 192.0.2.9\n");
        Path withBroken = config("zones: [%s, %s]\n".formatted(zoneA, broken));
        Result bad = run("--config", withBroken.toString(), "--check");
        assertEquals(CheckCommand.PROBLEMS_FOUND, bad.exitCode(), bad.out() + bad.err());
        assertTrue(bad.out().contains(broken + ":"), bad.out());
    }

    @Test
    void sighupTakesANewZoneListAndKeepsWhatNeedsARestart() throws Exception {
        Path file = config("listen: 127.0.0.1:0\nidentity: first\nwatch-interval: 0\nzones: [%s]\n"
                .formatted(zoneA));
        try (RunningServe serve = RunningServe.start("--config", file.toString())) {
            InetSocketAddress server = serve.address();
            assertEquals(Rcode.REFUSED, rcode(server, "www.b.example"));
            config("listen: 127.0.0.1:0\nidentity: second\nwatch-interval: 0\nzones: [%s, %s]\n"
                    .formatted(zoneA, zoneB));
            new ProcessBuilder("kill", "-HUP", Long.toString(ProcessHandle.current().pid())).start().waitFor();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (rcode(server, "www.b.example") != Rcode.NOERROR && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(Rcode.NOERROR, rcode(server, "www.b.example"), serve.err());
            assertEquals(Rcode.NOERROR, rcode(server, "www.a.example"));
            assertEquals("first", identity(server)); // a new identity needs a restart
        }
    }

    private static int rcode(InetSocketAddress server, String name) {
        return LoopbackClient.udp(server, TestQueries.query(name, Type.A)).orElseThrow().getRcode();
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("serve", "--log-level", "warning"));
        all.addAll(List.of(args));
        return new Result(commandLine.execute(all.toArray(String[]::new)), out.toString(), err.toString());
    }

    record Result(int exitCode, String out, String err) {}
}
