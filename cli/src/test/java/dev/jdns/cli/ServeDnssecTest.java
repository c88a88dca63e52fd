package dev.jdns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.testing.LoopbackClient;
import dev.jdns.transport.testing.TestQueries;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import picocli.CommandLine;

/**
 * {@code jdns serve --dnssec}: the signed zone is what the server loads (its DNSKEY and NSEC records are served
 * over real sockets), the DS is printed and written, and the same key comes back after a restart.
 */
class ServeDnssecTest {

    @TempDir
    Path dir;

    @Test
    void signsAtStartPrintsTheDsAndKeepsTheKeyAcrossRestarts() throws Exception {
        Path zone = Files.writeString(dir.resolve("example.com.zone"), ServeCommandTest.ZONE);
        Path state = dir.resolve("state");

        int firstTag = servedKeyTag(zone, state);
        String ds = Files.readString(state.resolve("example.com.ds"));
        int secondTag = servedKeyTag(zone, state);

        assertEquals(firstTag, secondTag, "the key made at the first start is used after a restart");
        assertEquals(ds, Files.readString(state.resolve("example.com.ds")), "the DS to publish is unchanged");
        assertTrue(ds.matches("example\\.com\\.\\s+3600\\s+IN\\s+DS\\s+" + firstTag + " 13 2 [0-9A-F]{64}\\n"), ds);
    }

    @Test
    void dnssecWithoutStateDirIsAOneLineUsageError() {
        Path zone = dir.resolve("example.com.zone");
        Result result = run("--dnssec", "all", zone.toString());

        assertEquals(2, result.exitCode());
        assertEquals(List.of("jdns serve: --dnssec needs --state-dir DIR (where the zones' keys are kept)"
                + " (try 'jdns serve --help')"), result.err().lines().toList());
    }

    @Test
    void aZoneNamedForSigningThatIsNotServedIsAUsageError() throws Exception {
        Path zone = Files.writeString(dir.resolve("example.com.zone"), ServeCommandTest.ZONE);
        Result result = run("--listen", "127.0.0.1:0", "--state-dir", dir.resolve("state").toString(),
                "--dnssec", "example.org", zone.toString());

        assertEquals(2, result.exitCode());
        assertTrue(result.err().startsWith("jdns serve: --dnssec example.org.: no zone file serves this zone"),
                result.err());
    }

    /** Starts serve signing the zone, checks what it printed and serves, stops it; the DNSKEY's key tag. */
    private int servedKeyTag(Path zone, Path state) throws Exception {
        try (RunningServe serve = RunningServe.start("--listen", "127.0.0.1:0", "--state-dir", state.toString(),
                "--dnssec", "example.com", zone.toString())) {
            String out = awaitLine(serve, " IN\tDS\t");
            Message keys = LoopbackClient.udp(serve.address(), TestQueries.query("example.com", Type.DNSKEY))
                    .orElseThrow();
            List<Record> dnskeys = keys.getSection(Section.ANSWER).stream()
                    .filter(r -> r.getType() == Type.DNSKEY).toList();
            assertEquals(1, dnskeys.size(), keys.toString());
            int tag = ((DNSKEYRecord) dnskeys.get(0)).getFootprint();
            assertTrue(out.contains("example.com. signed with nsec, keys " + tag + " (CSK, ECDSAP256SHA256)"), out);
            Message nsec = LoopbackClient.udp(serve.address(), TestQueries.query("www.example.com", Type.NSEC))
                    .orElseThrow();
            NSECRecord link = (NSECRecord) nsec.getSection(Section.ANSWER).stream()
                    .filter(r -> r.getType() == Type.NSEC).findFirst().orElseThrow(() -> new AssertionError(nsec));
            assertEquals(Name.fromConstantString("example.com."), link.getNext(), "www is the last name");
            assertEquals(0, serve.stop());
            return tag;
        }
    }

    private static String awaitLine(RunningServe serve, String fragment) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!serve.out().contains(fragment) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return serve.out();
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
