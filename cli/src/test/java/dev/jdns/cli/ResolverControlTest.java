package dev.jdns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.testing.LoopbackClient;
import dev.jdns.transport.testing.TestQueries;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * {@code --control PATH} on a running resolver and every {@code jdns control} command against it, over the real
 * socket, with the effect checked where it shows: queries counted at the loopback hierarchy's servers.
 */
class ResolverControlTest {

    private static final Pattern ANSWER_TTL = Pattern.compile("www\\.example\\.test\\.\\s+(\\d+)\\s+IN\\s+A\\s+");

    /** Nothing here tests silence: a cold JVM's first answers may take a while on a loaded machine. */
    private static final String UPSTREAM_TIMEOUT_MILLIS = "3000";

    /** A bound for a reply on a loaded machine, not a wait. */
    static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    static LoopbackHierarchy hierarchy;

    @BeforeAll
    static void start() throws Exception {
        hierarchy = LoopbackHierarchy.start(dir);
    }

    @AfterAll
    static void stop() {
        if (hierarchy != null) {
            hierarchy.close();
        }
    }

    private static RunningServe resolver(Path socket, String... extra) throws Exception {
        RunningServe resolver = startResolver(socket, extra);
        resolver.address();
        return resolver;
    }

    private static RunningServe startResolver(Path socket, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--listen", hierarchy.prefix() + ".1:0",
                "--root-hints", hierarchy.rootHints().toString(), "--hosts", "/dev/null",
                "--upstream-port", String.valueOf(hierarchy.port()),
                "--upstream-timeout", UPSTREAM_TIMEOUT_MILLIS, "--control", socket.toString()));
        args.addAll(List.of(extra));
        return RunningServe.startCommand("resolver", args.toArray(String[]::new));
    }

    private static Message ask(RunningServe resolver, String name, int type) throws Exception {
        return LoopbackClient.parse(LoopbackClient.udpRaw(resolver.address(),
                TestQueries.query(name, type).toWire(), REPLY_TIMEOUT).orElseThrow());
    }

    @Test
    void theSocketIsTheOwnersOnlyAndStopRemovesIt() throws Exception {
        Path socket = dir.resolve("mode.sock");
        try (RunningServe resolver = resolver(socket)) {
            assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(socket));
            assertTrue(resolver.out().contains("control " + socket), resolver.out());
            assertEquals("jdns resolver: stopping\n", ControlClient.ok(socket, "stop"));
            assertEquals(0, resolver.awaitExit());
            assertFalse(Files.exists(socket), "socket removed on stop");
        }
    }

    @Test
    void aSecondServerOnALiveSocketIsRefusedAndAStaleFileIsReplaced() throws Exception {
        Path socket = dir.resolve("shared.sock");
        try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            crashed.bind(UnixDomainSocketAddress.of(socket)); // closed below: the file stays, as after a crash
        }
        assertTrue(Files.exists(socket));
        try (RunningServe first = resolver(socket)) {
            assertTrue(ControlClient.ok(socket, "status").contains("role: jdns resolver"));
            try (RunningServe second = startResolver(socket)) {
                assertEquals(ServerRunner.CANNOT_START, second.awaitExit());
                assertTrue(second.err().contains("another server is listening on " + socket), second.err());
            }
            assertTrue(ControlClient.ok(socket, "status").contains("role: jdns resolver"), "the first one still has it");
        }
    }

    @Test
    void flushNameSendsTheNextQueryUpstream() throws Exception {
        Path socket = dir.resolve("flush.sock");
        try (RunningServe resolver = resolver(socket)) {
            assertEquals(Rcode.NOERROR, ask(resolver, "www.example.test.", Type.A).getRcode());
            int before = hierarchy.udpQueriesAt(HierarchyZones.EXAMPLE_TEST);
            ask(resolver, "www.example.test.", Type.A);
            assertEquals(before, hierarchy.udpQueriesAt(HierarchyZones.EXAMPLE_TEST), "a cache hit");

            String flushed = ControlClient.ok(socket, "flush", "www.example.test");
            assertTrue(flushed.startsWith("flushed 1 entries of www.example.test."), flushed);
            assertEquals(Rcode.NOERROR, ask(resolver, "www.example.test.", Type.A).getRcode());
            assertEquals(before + 1, hierarchy.udpQueriesAt(HierarchyZones.EXAMPLE_TEST), "asked again upstream");
            ask(resolver, "www.example.test.", Type.A);
            assertEquals(before + 1, hierarchy.udpQueriesAt(HierarchyZones.EXAMPLE_TEST), "cached again");
        }
    }

    @Test
    void flushZoneForgetsEverythingUnderItAndFlushAllEverything() throws Exception {
        Path socket = dir.resolve("zone.sock");
        try (RunningServe resolver = resolver(socket)) {
            ask(resolver, "www.example.test.", Type.A);
            ask(resolver, "nope.example.test.", Type.A);
            ask(resolver, "www.other.lab.", Type.A);
            int example = hierarchy.udpQueriesAt(HierarchyZones.EXAMPLE_TEST);
            int tld = hierarchy.udpQueriesAt(HierarchyZones.TLD_TEST);

            ControlClient.ok(socket, "flush-zone", "example.test.");
            ask(resolver, "www.example.test.", Type.A);
            ask(resolver, "nope.example.test.", Type.A);
            ask(resolver, "www.other.lab.", Type.A);
            // The zone cut of example.test. went too: the test. servers are asked for it again.
            assertEquals(example + 2, hierarchy.udpQueriesAt(HierarchyZones.EXAMPLE_TEST));
            assertEquals(tld + 1, hierarchy.udpQueriesAt(HierarchyZones.TLD_TEST));

            int root = hierarchy.udpQueriesAt(HierarchyZones.ROOT);
            ControlClient.ok(socket, "flush-all");
            ask(resolver, "www.example.test.", Type.A);
            assertTrue(hierarchy.udpQueriesAt(HierarchyZones.ROOT) > root, "from the root again");
        }
    }

    @Test
    void statusAndStatsTellTheRunningResolver() throws Exception {
        Path socket = dir.resolve("status.sock");
        try (RunningServe resolver = resolver(socket)) {
            for (int i = 0; i < 3; i++) {
                ask(resolver, "www.example.test.", Type.A);
            }
            String status = ControlClient.ok(socket, "status");
            assertTrue(status.startsWith("version: jdns "), status);
            assertTrue(status.contains("uptime: "), status);
            assertTrue(status.contains("listening: " + resolver.address().getAddress().getHostAddress() + ":"
                    + resolver.address().getPort() + " (udp+tcp)"), status);
            assertTrue(status.matches("(?s).*cache: [1-9]\\d* entries, [1-9]\\d* bytes.*"), status);
            String stats = ControlClient.ok(socket, "stats");
            assertTrue(stats.contains("\njdns_queries_total{protocol=\"udp\",rcode=\"NOERROR\",type=\"A\"} 3.0\n"),
                    stats);
            assertTrue(stats.contains("\njdns_resolver_answers_total{source=\"upstream\"} 1.0\n"), stats);
            assertFalse(stats.contains("jvm_"), "jdns's own counters only");
        }
    }

    @Test
    void aDumpLoadsIntoAFreshResolverAndAnswersWithoutUpstream() throws Exception {
        Path dump = dir.resolve("cache.txt");
        try (RunningServe resolver = resolver(dir.resolve("dump.sock"))) {
            assertEquals(Rcode.NOERROR, ask(resolver, "www.example.test.", Type.A).getRcode());
            assertEquals(Rcode.NXDOMAIN, ask(resolver, "nope.example.test.", Type.A).getRcode());
            Files.writeString(dump, ControlClient.ok(dir.resolve("dump.sock"), "dump-cache"));
        }
        String text = Files.readString(dump);
        Matcher ttl = ANSWER_TTL.matcher(text);
        assertTrue(ttl.find(), text);
        assertTrue(text.contains("; nxdomain nope.example.test. IN"), text);
        try (RunningServe fresh = resolver(dir.resolve("load.sock"))) {
            String loaded = ControlClient.ok(dir.resolve("load.sock"), "load-cache", dump.toString());
            assertTrue(loaded.startsWith("loaded "), loaded);
            int example = hierarchy.udpQueriesAt(HierarchyZones.EXAMPLE_TEST);
            Message www = ask(fresh, "www.example.test.", Type.A);
            Message nope = ask(fresh, "nope.example.test.", Type.A);
            assertEquals(example, hierarchy.udpQueriesAt(HierarchyZones.EXAMPLE_TEST), "answered from the load");
            assertEquals(2, www.getSection(Section.ANSWER).size());
            assertTrue(www.getSection(Section.ANSWER).getFirst().getTTL() <= Long.parseLong(ttl.group(1)));
            assertEquals(Rcode.NXDOMAIN, nope.getRcode());
        }
    }

    @Test
    void controlAndQueryLogAreKeysOfTheConfigFile() throws Exception {
        Path socket = dir.resolve("config.sock");
        Path log = dir.resolve("config.jsonl");
        Path config = Files.writeString(dir.resolve("resolver.yaml"), "control: " + socket + "\nquery-log: " + log
                + "\nquery-log-queue: 100\n");
        RunningServe resolver = RunningServe.startCommand("resolver", "--config", config.toString(),
                "--listen", hierarchy.prefix() + ".1:0", "--root-hints", hierarchy.rootHints().toString(),
                "--hosts", "/dev/null", "--upstream-port", String.valueOf(hierarchy.port()),
                "--upstream-timeout", UPSTREAM_TIMEOUT_MILLIS);
        try (resolver) {
            ask(resolver, "www.example.test.", Type.A);
            assertTrue(ControlClient.ok(socket, "status").contains("role: jdns resolver"));
        }
        assertEquals(1, Files.readAllLines(log).size());
        assertFalse(Files.exists(socket));
    }

    @Test
    void commandsTheResolverDoesNotHaveAndBadUsageAreOneLineErrors() throws Exception {
        Path socket = dir.resolve("errors.sock");
        try (RunningServe resolver = resolver(socket)) {
            ControlClient.Result notify = ControlClient.run(socket, "notify", "example.test");
            assertEquals(1, notify.exitCode());
            assertEquals("jdns control: jdns resolver has no notify\n", notify.err());
            ControlClient.Result reloadZone = ControlClient.run(socket, "reload", "example.test");
            assertEquals(1, reloadZone.exitCode());
            assertTrue(ControlClient.ok(socket, "reload").startsWith("nothing to reload"));
            assertEquals(2, ControlClient.run(socket, "flush").exitCode(), "a missing NAME is usage");
            assertEquals(2, ControlClient.run(socket, "frobnicate").exitCode());
            assertEquals(2, ControlClient.run(socket).exitCode(), "no command");
            ControlClient.Result badName = ControlClient.run(socket, "flush", "a..b");
            assertEquals(1, badName.exitCode());
            assertTrue(badName.err().startsWith("jdns control: bad name a..b"), badName.err());
        }
        ControlClient.Result gone = ControlClient.run(socket, "status");
        assertEquals(1, gone.exitCode());
        assertTrue(gone.err().startsWith("jdns control: cannot connect to " + socket), gone.err());
    }
}
