package dev.jdns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.testing.LoopbackClient;
import dev.jdns.transport.testing.TestQueries;
import dev.jdns.transport.testing.peers.Nsd;
import dev.jdns.transport.testing.peers.PeerKey;
import dev.jdns.transport.testing.peers.PeerProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * {@code jdns serve --allow-update} driven by the real clients, BIND's {@code nsupdate} and Knot's
 * {@code knsupdate}, signing with TSIG: adds and deletes, every kind of prerequisite with its rcode, an ACME
 * DNS-01 {@code _acme-challenge} TXT, unsigned and wrongly signed updates refused; the change then reaching an NSD
 * secondary by NOTIFY and IXFR, and an online-signed zone signed again.
 */
class DynamicUpdateInteropTest {

    private static final String ZONE = "example.com.";
    private static final Duration CONVERGE = Duration.ofSeconds(30);
    private static final String ZONE_TEXT = """
            $ORIGIN example.com.
            @    3600 IN SOA ns1 hostmaster 1 7200 3600 1209600 300
            @    3600 IN NS  ns1
            ns1  3600 IN A   127.0.0.9
            www  3600 IN A   192.0.2.1
            """;

    @TempDir
    Path dir;
    private final PeerKey key = PeerKey.random("upd-key", "hmac-sha256");
    private RunningServe serve;
    private InetSocketAddress primary;

    private void startServe(String... more) throws Exception {
        Path zoneFile = Files.writeString(dir.resolve("example.com.zone"), ZONE_TEXT);
        primary = PeerProcess.freeAddress("127.0.0.1");
        List<String> args = new ArrayList<>(List.of("--listen", "127.0.0.1:" + primary.getPort(),
                "--key", key.spec(), "--allow-update", ZONE + "=key:" + key.name(),
                "--state-dir", dir.resolve("state").toString()));
        args.addAll(List.of(more));
        args.add(zoneFile.toString());
        serve = RunningServe.start(args.toArray(String[]::new));
        serve.address();
    }

    @AfterEach
    void stop() throws Exception {
        if (serve != null) {
            serve.close();
        }
    }

    /** A tool's outcome: the rcode it reports ("NOERROR" when it says nothing and exits 0) and its output. */
    private record Outcome(String rcode, String output) {}

    /** Runs {@code commands} (between "server/zone" and "send") through {@code tool}, signed with {@code spec}. */
    private Outcome update(String tool, String spec, String... commands) throws Exception {
        StringBuilder script = new StringBuilder("server 127.0.0.1 " + primary.getPort() + "\nzone " + ZONE + "\n");
        for (String command : commands) {
            script.append(command).append('\n');
        }
        script.append("send\n");
        List<String> command = new ArrayList<>(List.of(tool));
        if (spec != null) {
            command.addAll(List.of("-y", spec));
        }
        String output = run(command, script.toString());
        return new Outcome(rcodeOf(tool, output), output);
    }

    /** nsupdate says "update failed: RCODE"; knsupdate prints the reply's "status: RCODE" when it is not NOERROR. */
    private static String rcodeOf(String tool, String output) {
        String marker = tool.equals("nsupdate") ? "update failed: " : "status: ";
        int at = output.indexOf(marker);
        if (at < 0) {
            return output.isBlank() ? "NOERROR" : "unexpected output";
        }
        String rest = output.substring(at + marker.length());
        return rest.split("[;\\s(]", 2)[0];
    }

    private static String run(List<String> command, String stdin) throws IOException, InterruptedException {
        PeerProcess.requireExecutable(command.getFirst());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish");
        }
        return text.trim();
    }

    @ParameterizedTest
    @ValueSource(strings = {"nsupdate", "knsupdate"})
    void everyPrerequisiteAndAnAcmeChallengeThroughTheTool(String tool) throws Exception {
        startServe();
        String k = key.digSpec();
        String add = "update add added.example.com. 60 A 192.0.2.50";
        record Step(String prerequisite, String rcode) {}
        List<Step> steps = List.of(
                new Step("prereq yxdomain nope.example.com.", "NXDOMAIN"),
                new Step("prereq nxdomain www.example.com.", "YXDOMAIN"),
                new Step("prereq yxrrset www.example.com. TXT", "NXRRSET"),
                new Step("prereq nxrrset www.example.com. A", "YXRRSET"),
                new Step("prereq yxrrset www.example.com. A 192.0.2.9", "NXRRSET"),
                new Step("prereq yxrrset www.example.com. A 192.0.2.1", "NOERROR"));
        for (Step step : steps) {
            Outcome outcome = update(tool, k, step.prerequisite(), add);
            assertEquals(step.rcode(), outcome.rcode(), step.prerequisite() + ": " + outcome.output());
            assertEquals(step.rcode().equals("NOERROR"), !answers("added.example.com.", Type.A).isEmpty(),
                    step.prerequisite());
        }
        assertEquals("NOERROR", update(tool, k, "prereq yxdomain www.example.com.",
                "prereq nxdomain _acme-challenge.example.com.", "prereq nxrrset www.example.com. TXT",
                "update add _acme-challenge.example.com. 60 TXT \"dns-01-token\"").rcode());
        assertEquals(List.of("dns-01-token"), answers("_acme-challenge.example.com.", Type.TXT).stream()
                .map(r -> ((TXTRecord) r).getStrings().getFirst()).toList());
        assertEquals(3, serial());

        assertEquals("NOERROR", update(tool, k, "update delete _acme-challenge.example.com. TXT",
                "update delete added.example.com. A 192.0.2.50", "update add www.example.com. 300 A 192.0.2.2").rcode());
        assertTrue(answers("_acme-challenge.example.com.", Type.TXT).isEmpty());
        assertTrue(answers("added.example.com.", Type.A).isEmpty());
        assertEquals(2, answers("www.example.com.", Type.A).size());
        assertEquals(4, serial());
    }

    @ParameterizedTest
    @ValueSource(strings = {"nsupdate", "knsupdate"})
    void unsignedAndWronglySignedUpdatesAreRefused(String tool) throws Exception {
        startServe();
        String add = "update add _acme-challenge.example.com. 60 TXT \"forged\"";
        assertEquals("REFUSED", update(tool, null, add).rcode());
        PeerKey wrong = PeerKey.random(key.name(), key.algorithm());
        Outcome forged = update(tool, wrong.digSpec(), add);
        assertTrue(forged.output().contains("BADSIG") || forged.output().contains("TSIG"), forged.output());
        assertFalse(forged.rcode().equals("NOERROR"), forged.output());
        PeerKey stranger = PeerKey.random("stranger", key.algorithm());
        assertFalse(update(tool, stranger.digSpec(), add).rcode().equals("NOERROR"));
        assertTrue(answers("_acme-challenge.example.com.", Type.TXT).isEmpty());
        assertEquals(1, serial());
    }

    @Test
    void anNsdSecondarySeesTheUpdateByNotifyAndIxfr() throws Exception {
        InetSocketAddress secondary = PeerProcess.freeAddress("127.0.0.1");
        startServe("--allow-transfer", "127.0.0.1/32+key:" + key.name(),
                "--notify", ZONE + "=127.0.0.1@" + secondary.getPort() + ",key:" + key.name());
        Path work = Files.createDirectories(dir.resolve("nsd"));
        List<String> transfers = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (transfers) {
                    transfers.add(new SimpleFormatter().formatMessage(record));
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger log = Logger.getLogger("dev.jdns.authoritative");
        log.addHandler(capture);
        log.setLevel(Level.INFO);
        try (PeerProcess nsd = Nsd.startSecondary(secondary, ZONE, primary, key, work)) {
            assertTrue(awaitTxt(nsd.address(), "www.example.com.", Type.A), "initial AXFR: " + nsd.logText());
            assertEquals("NOERROR", update("nsupdate", key.digSpec(),
                    "update add _acme-challenge.example.com. 60 TXT \"seen-by-nsd\"").rcode());
            assertTrue(awaitTxt(nsd.address(), "_acme-challenge.example.com.", Type.TXT),
                    "after NOTIFY: " + nsd.logText() + serve.err());
            synchronized (transfers) {
                assertTrue(transfers.stream().anyMatch(line -> line.startsWith("IXFR of example.com. serial 2 to"
                        + " 127.0.0.1 over TCP (key upd-key.) incremental from 1")), String.join("\n", transfers));
            }
        } finally {
            log.removeHandler(capture);
        }
    }

    @Test
    void anOnlineSignedZoneIsSignedAgainAfterAnUpdate() throws Exception {
        startServe("--dnssec", ZONE);
        long before = serial();
        assertEquals("NOERROR", update("nsupdate", key.digSpec(),
                "update add _acme-challenge.example.com. 60 TXT \"signed\"").rcode());
        Message query = TestQueries.withOpt(TestQueries.query("_acme-challenge.example.com.", Type.TXT), 1232, 0,
                true);
        Message reply = LoopbackClient.udp(primary, query).orElseThrow();
        List<Record> answer = reply.getSection(Section.ANSWER);
        assertTrue(answer.stream().anyMatch(r -> r.getType() == Type.TXT), reply.toString());
        assertTrue(answer.stream().anyMatch(r -> r.getType() == Type.RRSIG), "the new RRset is signed: " + reply);
        assertTrue(serial() > before);
    }

    private boolean awaitTxt(InetSocketAddress server, String name, int type) throws InterruptedException {
        long deadline = System.nanoTime() + CONVERGE.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Message> reply = LoopbackClient.udp(server, TestQueries.query(name, type));
            if (reply.isPresent() && reply.get().getSection(Section.ANSWER).stream()
                    .anyMatch(r -> r.getType() == type)) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private List<Record> answers(String name, int type) {
        Message reply = LoopbackClient.udp(primary, TestQueries.query(name, type)).orElseThrow();
        return reply.getSection(Section.ANSWER).stream().filter(r -> r.getType() == type).toList();
    }

    private long serial() {
        return ((SOARecord) answers(ZONE, Type.SOA).getFirst()).getSerial();
    }
}
