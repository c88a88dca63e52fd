package dev.jdns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.testing.LoopbackClient;
import dev.jdns.transport.testing.TestQueries;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/** {@code --query-log FILE}: exactly one JSON line per query, with every field, for a resolver and for serve. */
class QueryLogLinesTest {

    private static final Set<String> FIELDS = Set.of("time", "client", "port", "protocol", "name", "type", "rcode",
            "flags", "source", "upstream", "latency_ms");
    private static final int REPEATS = 5;

    @TempDir
    Path dir;

    @Test
    void theResolverLogsEveryQueryWithItsSourceAndUpstreamQueries() throws Exception {
        Path log = dir.resolve("queries.jsonl");
        try (LoopbackHierarchy hierarchy = LoopbackHierarchy.start(dir.resolve("hierarchy"))) {
            RunningServe resolver = RunningServe.startCommand("resolver", "--listen", hierarchy.prefix() + ".1:0",
                    "--root-hints", hierarchy.rootHints().toString(), "--hosts", hierarchy.hostsFile().toString(),
                    "--upstream-port", String.valueOf(hierarchy.port()), "--upstream-timeout", "3000",
                    "--query-log", log.toString());
            try (resolver) {
                InetSocketAddress address = resolver.address();
                for (int i = 0; i < REPEATS; i++) {
                    udp(address, "www.example.test", Type.A);
                    udp(address, "printer.home", Type.A);
                    LoopbackClient.tcpRaw(address, TestQueries.query("nope.example.test", Type.AAAA).toWire(),
                            ResolverControlTest.REPLY_TIMEOUT).orElseThrow();
                }
            }
            List<Map<?, ?>> lines = lines(log);
            assertEquals(3 * REPEATS, lines.size(), "one line per query");
            Map<?, ?> first = lines.getFirst();
            assertEquals("www.example.test.", first.get("name"));
            assertEquals("A", first.get("type"));
            assertEquals("udp", first.get("protocol"));
            assertEquals("NOERROR", first.get("rcode"));
            assertEquals(List.of("qr", "rd", "ra"), first.get("flags"));
            assertEquals("upstream", first.get("source"));
            assertTrue((Long) first.get("upstream") >= 3, "root, test., example.test.: " + first);
            Map<?, ?> repeated = lines.get(3);
            assertEquals("www.example.test.", repeated.get("name"));
            assertEquals("cache", repeated.get("source"), "the reply cache is off: the resolver's cache answers");
            assertEquals(0L, repeated.get("upstream"));
            assertEquals("hosts", lines.get(1).get("source"));
            assertEquals("tcp", lines.get(2).get("protocol"));
            assertEquals("NXDOMAIN", lines.get(2).get("rcode"));
        }
    }

    /**
     * A validating resolver answers a repeated question from its verdict cache, which the pipeline never sees: the
     * line still says the cache answered (it said "none" before).
     */
    @Test
    void aValidatedAnswerFromTheVerdictCacheIsLoggedAsFromTheCache() throws Exception {
        Path log = dir.resolve("validated.jsonl");
        try (SignedHierarchy hierarchy = SignedHierarchy.start(Files.createDirectories(dir.resolve("signed")))) {
            RunningServe resolver = RunningServe.startCommand("resolver", "--listen", hierarchy.prefix() + ".1:0",
                    "--root-hints", hierarchy.rootHints().toString(), "--hosts", "/dev/null",
                    "--upstream-port", String.valueOf(hierarchy.port()),
                    "--upstream-timeout", ResolverService.SIGNED_UPSTREAM_TIMEOUT_MILLIS,
                    "--trust-anchor", hierarchy.trustAnchor().toString(), "--query-log", log.toString());
            try (resolver) {
                for (int i = 0; i < 2; i++) {
                    udp(resolver.address(), "www.secure." + SignedHierarchy.TLD, Type.A);
                }
            }
            List<Map<?, ?>> lines = lines(log);
            assertEquals(2, lines.size(), "one line per query");
            assertEquals("upstream", lines.get(0).get("source"));
            assertEquals("cache", lines.get(1).get("source"), "the verdict cache answered: " + lines.get(1));
            assertEquals(0L, lines.get(1).get("upstream"));
        }
    }

    @Test
    void serveLogsEveryQuery() throws Exception {
        Path zone = Files.writeString(dir.resolve("example.com.zone"), ServeCommandTest.ZONE);
        Path log = dir.resolve("serve.jsonl");
        RunningServe serve = RunningServe.start("--listen", "127.0.0.1:0", "--rate-limit", "0", "--query-log",
                log.toString(), zone.toString());
        try (serve) {
            for (int i = 0; i < REPEATS; i++) {
                udp(serve.address(), "www.example.com", Type.A);
            }
        }
        List<Map<?, ?>> lines = lines(log);
        assertEquals(REPEATS, lines.size());
        for (Map<?, ?> line : lines) {
            assertEquals("zone", line.get("source"));
            assertEquals(List.of("qr", "aa", "rd"), line.get("flags")); // RD echoed (RFC 1035 4.1.1)
        }
    }

    private static void udp(InetSocketAddress server, String name, int type) {
        LoopbackClient.udpRaw(server, TestQueries.query(name, type).toWire(), ResolverControlTest.REPLY_TIMEOUT)
                .orElseThrow();
    }

    /** Every line parsed as a JSON object with exactly the documented fields. */
    private static List<Map<?, ?>> lines(Path log) throws Exception {
        List<Map<?, ?>> lines = Files.readAllLines(log).stream().<Map<?, ?>>map(line -> (Map<?, ?>) JsonReader.read(line))
                .toList();
        for (Map<?, ?> line : lines) {
            assertEquals(FIELDS, line.keySet(), line.toString());
        }
        return lines;
    }
}
