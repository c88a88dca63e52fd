package dev.jdns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.testing.LoopbackClient;
import dev.jdns.transport.testing.TestQueries;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * {@code --warm-up} on the real commands: the server warms up (one INFO line) before it listens, then answers its
 * own data, with a cache that holds nothing of the warm-up (it ran on servers of its own); {@code --no-warm-up} and
 * the config key {@code warm-up} turn it off and on. It is off by default.
 */
class WarmUpCommandTest {

    /** A bound for a reply on a loaded machine, not a wait. */
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    static LoopbackHierarchy hierarchy;

    /**
     * What the servers log, as users see it: {@code --log-level info} makes a console handler on the System.err of
     * that moment, which is this buffer while a test runs.
     */
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeAll
    static void startHierarchy() throws Exception {
        hierarchy = LoopbackHierarchy.start(dir);
    }

    @AfterAll
    static void stopHierarchy() {
        if (hierarchy != null) {
            hierarchy.close();
        }
    }

    @BeforeEach
    void captureTheLog() {
        originalErr = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void release() {
        System.setErr(originalErr);
    }

    private List<String> warmUpLines() {
        return log.toString(StandardCharsets.UTF_8).lines().filter(line -> line.contains("warm")).toList();
    }

    private static RunningServe resolver(Path control, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--listen", hierarchy.prefix() + ".1:0",
                "--root-hints", hierarchy.rootHints().toString(), "--hosts", "/dev/null",
                "--upstream-port", String.valueOf(hierarchy.port()), "--upstream-timeout", "3000",
                "--control", control.toString(), "--log-level", "info"));
        args.addAll(List.of(extra));
        return RunningServe.startCommand("resolver", args.toArray(String[]::new));
    }

    private static Message ask(InetSocketAddress server, String name, int type) throws Exception {
        return LoopbackClient.parse(LoopbackClient.udpRaw(server, TestQueries.query(name, type).toWire(),
                REPLY_TIMEOUT).orElseThrow());
    }

    @Test
    void theResolverWarmsUpThenAnswersFromAnEmptyCache() throws Exception {
        Path control = dir.resolve("warm.sock");
        try (RunningServe resolver = resolver(control, "--warm-up")) {
            InetSocketAddress address = resolver.address();
            List<String> lines = warmUpLines();
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.getFirst().matches(".* INFO .*: jdns resolver: warmed up in \\d+ ms \\(\\d+ questions,"
                    + " \\d+ answered\\)"), lines.getFirst());
            String status = ControlClient.ok(control, "status");
            assertTrue(status.contains("cache: 0 entries"), "nothing of the warm-up's lab: " + status);
            int before = hierarchy.udpQueriesAt(HierarchyZones.EXAMPLE_TEST);
            Message www = ask(address, "www.example.test.", Type.A);
            assertEquals(Rcode.NOERROR, www.getRcode());
            assertEquals(2, www.getSection(Section.ANSWER).size());
            assertTrue(hierarchy.udpQueriesAt(HierarchyZones.EXAMPLE_TEST) > before, "resolved upstream, not kept");
        }
    }

    @Test
    void offByDefault() throws Exception {
        try (RunningServe resolver = resolver(dir.resolve("default.sock"))) {
            assertEquals(Rcode.NOERROR, ask(resolver.address(), "www.example.test.", Type.A).getRcode());
            assertEquals(List.of(), warmUpLines());
        }
    }

    @Test
    void noWarmUpSkipsIt() throws Exception {
        try (RunningServe resolver = resolver(dir.resolve("cold.sock"), "--no-warm-up")) {
            assertEquals(Rcode.NOERROR, ask(resolver.address(), "www.example.test.", Type.A).getRcode());
            assertEquals(List.of(), warmUpLines());
        }
    }

    @Test
    void serveWarmsUpFromTheConfigFileThenAnswersItsZone() throws Exception {
        Path zone = Files.writeString(dir.resolve("warm.example.zone"), """
                $TTL 3600
                @    IN SOA ns1 hostmaster 1 7200 3600 1209600 300
                @    NS   ns1
                ns1  A    192.0.2.53
                www  A    192.0.2.80
                """);
        Path config = Files.writeString(dir.resolve("serve.yaml"), "warm-up: true\nlisten: 127.0.0.1:0\n");
        try (RunningServe serve = RunningServe.start("--config", config.toString(), "--rate-limit", "0",
                "--log-level", "info", zone.toString())) {
            Message www = ask(serve.address(), "www.warm.example.", Type.A);
            assertEquals(Rcode.NOERROR, www.getRcode());
            assertEquals("192.0.2.80",
                    ((ARecord) www.getSection(Section.ANSWER).getFirst()).getAddress().getHostAddress());
            assertEquals(1, warmUpLines().size(), warmUpLines().toString());
            assertTrue(warmUpLines().getFirst().contains("jdns serve: warmed up in "), warmUpLines().toString());
        }
    }
}
