package dev.jdns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.testing.LoopbackClient;
import dev.jdns.transport.testing.TestQueries;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** `--metrics ADDR:PORT`: a page promtool accepts, and counters that move by exactly the queries sent. */
class MetricsTest {

    private static final Pattern METRICS_URL = Pattern.compile("metrics (http://\\S+/metrics)");
    private static final int QUERIES = 25;

    @TempDir
    Path dir;

    @Test
    void serveCountsEveryQueryByProtocolTypeAndRcode() throws Exception {
        Path zone = Files.writeString(dir.resolve("example.com.zone"), ServeCommandTest.ZONE);
        try (RunningServe serve = RunningServe.start("--listen", "127.0.0.1:0", "--metrics", "127.0.0.1:0",
                "--rate-limit", "0", zone.toString())) {
            URI page = metricsUrl(serve.out());
            String before = scrape(page);
            for (int i = 0; i < QUERIES; i++) {
                assertEquals(Rcode.NOERROR, LoopbackClient.udp(serve.address(),
                        TestQueries.query("www.example.com", Type.A)).orElseThrow().getRcode());
            }
            for (int i = 0; i < 3; i++) {
                LoopbackClient.tcp(serve.address(), TestQueries.query("nothing.example.com", Type.AAAA)).orElseThrow();
            }
            String after = scrape(page);
            assertEquals(QUERIES, value(after, "jdns_queries_total", "protocol=\"udp\"", "type=\"A\"",
                    "rcode=\"NOERROR\"") - value(before, "jdns_queries_total", "protocol=\"udp\"", "type=\"A\"",
                    "rcode=\"NOERROR\""));
            assertEquals(3, value(after, "jdns_queries_total", "protocol=\"tcp\"", "type=\"AAAA\"",
                    "rcode=\"NXDOMAIN\""));
            assertEquals(1, value(after, "jdns_zone_serial", "zone=\"example.com.\""));
            assertEquals(0, value(after, "jdns_zone_reload_failures_total"));
            assertTrue(after.contains("\njvm_memory_used_bytes{"), "JVM metrics");
            promtoolAccepts(after);
        }
    }

    @Test
    void theResolverCountsQueriesAnswerSourcesAndItsCache() throws Exception {
        Path hosts = Files.writeString(dir.resolve("hosts"), "192.0.2.7 printer.lan\n");
        try (RunningServe resolver = RunningServe.startCommand("resolver", "--listen", "127.0.0.1:0", "--hosts",
                hosts.toString(), "--upstream-port", "9", "--metrics", "127.0.0.1:0")) {
            URI page = metricsUrl(resolver.out());
            for (int i = 0; i < QUERIES; i++) {
                LoopbackClient.udp(resolver.address(), TestQueries.query("printer.lan", Type.A)).orElseThrow();
            }
            String after = scrape(page);
            assertEquals(QUERIES, value(after, "jdns_queries_total", "protocol=\"udp\"", "type=\"A\"",
                    "rcode=\"NOERROR\""));
            assertTrue(value(after, "jdns_resolver_answers_total", "source=\"hosts\"") >= 1, after);
            assertTrue(after.contains("\njdns_resolver_cache_entries "), after);
            assertTrue(after.contains("\njdns_in_flight_queries "), after);
            promtoolAccepts(after);
        }
    }

    /**
     * Refusals by the transfer ACL and by the UPDATE ACL, and malformed requests (no whole header: dropped; a
     * question cut short: FORMERR), each raise their reason by exactly the number sent.
     */
    @Test
    void serveCountsRefusalsByAccessListAndMalformedRequests() throws Exception {
        Path zone = Files.writeString(dir.resolve("example.com.zone"), ServeCommandTest.ZONE);
        try (RunningServe serve = RunningServe.start("--listen", "127.0.0.1:0", "--metrics", "127.0.0.1:0",
                "--rate-limit", "0", "--state-dir", Files.createDirectories(dir.resolve("state")).toString(),
                "--allow-update", "example.com=192.0.2.0/24", zone.toString())) {
            URI page = metricsUrl(serve.out());
            String before = scrape(page);
            for (int i = 0; i < QUERIES; i++) {
                assertEquals(Rcode.REFUSED, LoopbackClient.tcp(serve.address(),
                        TestQueries.query("example.com", Type.AXFR)).orElseThrow().getRcode());
            }
            Message update = Message.newUpdate(TestQueries.name("example.com"));
            update.addRecord(Record.fromString(TestQueries.name("new.example.com"), Type.A, DClass.IN, 300,
                    "192.0.2.9", Name.root), Section.UPDATE);
            assertEquals(Rcode.REFUSED, LoopbackClient.udp(serve.address(), update).orElseThrow().getRcode());
            byte[] query = TestQueries.query("www.example.com", Type.A).toWire();
            byte[] cutShort = Arrays.copyOf(query, query.length - 3);
            for (int i = 0; i < QUERIES; i++) {
                assertEquals(Rcode.FORMERR, LoopbackClient.parse(LoopbackClient.udpRaw(serve.address(), cutShort,
                        LoopbackClient.DEFAULT_TIMEOUT).orElseThrow()).getRcode());
                LoopbackClient.udpRaw(serve.address(), new byte[] {query[0], query[1], 0}, Duration.ofMillis(1));
            }
            String after = awaitSample(page, "jdns_drops_total", value(before, "jdns_drops_total",
                    "reason=\"malformed\"") + 2 * QUERIES, "reason=\"malformed\"");
            assertEquals(QUERIES + 1, value(after, "jdns_drops_total", "reason=\"acl\"")
                    - value(before, "jdns_drops_total", "reason=\"acl\""));
            assertEquals(QUERIES, value(after, "jdns_queries_total", "protocol=\"tcp\"", "type=\"AXFR\"",
                    "rcode=\"REFUSED\""), "the refusals were sent");
            assertEquals(0, value(after, "jdns_drops_total", "reason=\"rate_limit\""));
            promtoolAccepts(after);
        }
    }

    @Test
    void theResolverCountsClientsItsAccessListRefuses() throws Exception {
        try (RunningServe resolver = RunningServe.startCommand("resolver", "--listen", "127.0.0.1:0", "--hosts",
                "/dev/null", "--upstream-port", "9", "--allow", "192.0.2.0/24", "--metrics", "127.0.0.1:0")) {
            URI page = metricsUrl(resolver.out());
            for (int i = 0; i < QUERIES; i++) {
                assertEquals(Rcode.REFUSED, LoopbackClient.udp(resolver.address(),
                        TestQueries.query("printer.lan", Type.A)).orElseThrow().getRcode());
            }
            String after = scrape(page);
            assertEquals(QUERIES, value(after, "jdns_drops_total", "reason=\"acl\""));
            assertEquals(0, value(after, "jdns_drops_total", "reason=\"in_flight_cap\""));
            promtoolAccepts(after);
        }
    }

    @Test
    void offUnlessAsked() throws Exception {
        Path zone = Files.writeString(dir.resolve("example.com.zone"), ServeCommandTest.ZONE);
        try (RunningServe serve = RunningServe.start("--listen", "127.0.0.1:0", zone.toString())) {
            assertFalse(serve.out().contains("metrics"), serve.out());
        }
    }

    private static URI metricsUrl(String startLine) {
        Matcher url = METRICS_URL.matcher(startLine);
        assertTrue(url.find(), startLine);
        return URI.create(url.group(1));
    }

    private static String scrape(URI page) throws Exception {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(page).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            return response.body();
        }
    }

    /**
     * The page once the sample reaches {@code expected} (a dropped request has no reply to wait for), within a
     * bound; the caller checks the exact value.
     */
    private static String awaitSample(URI page, String name, long expected, String... labels) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String text = scrape(page);
        while (value(text, name, labels) < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
            text = scrape(page);
        }
        assertEquals(expected, value(text, name, labels), text);
        return text;
    }

    /** The sample of {@code name} whose labels include all of {@code labels} (0 when there is none yet). */
    private static long value(String page, String name, String... labels) {
        for (String line : page.lines().toList()) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                String labelPart = line.startsWith(name + "{") ? line.substring(0, line.indexOf('}') + 1) : "";
                if (List.of(labels).stream().allMatch(labelPart::contains)) {
                    return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return 0;
    }

    private static void promtoolAccepts(String page) throws Exception {
        Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        promtool.getOutputStream().write(page.getBytes(StandardCharsets.UTF_8));
        promtool.getOutputStream().close();
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(promtool.waitFor(30, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, promtool.exitValue(), output);
    }
}
