package dev.jdns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.testing.LoopbackClient;
import dev.jdns.transport.testing.TcpSession;
import dev.jdns.transport.testing.TestQueries;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;
import picocli.CommandLine;

/** `jdns serve` end to end through picocli: the start-up line, answers, stopping, and the one-line failures. */
class ServeCommandTest {

    static final String ZONE = """
            $TTL 3600
            @    IN SOA ns1 hostmaster 1 7200 3600 1209600 300
            @    NS   ns1
            ns1  A    192.0.2.53
            www  A    192.0.2.80
            """;

    @TempDir
    Path dir;

    /** Runs a command that is expected to end by itself; returns exit code, stdout and stderr. */
    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("serve"));
        if (!List.of(args).contains("--log-level")) {
            all.addAll(List.of("--log-level", "warning"));
        }
        all.addAll(List.of(args));
        return new Result(commandLine.execute(all.toArray(String[]::new)), out.toString(), err.toString());
    }

    record Result(int exitCode, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    @Test
    void printsOneLineWhenListeningAnswersAndStops() throws Exception {
        Path zone = Files.writeString(dir.resolve("example.com.zone"), ZONE);
        try (RunningServe serve = RunningServe.start("--listen", "127.0.0.1:0", zone.toString())) {
            List<String> lines = serve.out().lines().toList();
            assertEquals(1, lines.size(), serve.out());
            assertTrue(lines.getFirst().matches(
                    "jdns serve: listening on 127\\.0\\.0\\.1:\\d+ \\(udp\\+tcp\\), zones example\\.com\\."),
                    lines.getFirst());
            Message reply = LoopbackClient.udp(serve.address(), TestQueries.query("www.example.com", Type.A))
                    .orElseThrow();
            assertEquals(Rcode.NOERROR, reply.getRcode());
            assertEquals(0, serve.stop());
            // Nothing listens once stopped: a TCP connection is refused at once.
            assertThrows(UncheckedIOException.class, () -> TcpSession.open(serve.address()).close());
        }
    }

    @Test
    void portInUseIsOneLineAndExitOne() throws Exception {
        Path zone = Files.writeString(dir.resolve("example.com.zone"), ZONE);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Result result = run("--listen", "127.0.0.1:" + taken.getLocalPort(), zone.toString());
            assertEquals(ServerRunner.CANNOT_START, result.exitCode());
            assertEquals(1, result.errLines().size(), result.err());
            assertTrue(result.err().startsWith("jdns serve: cannot listen on 127.0.0.1:" + taken.getLocalPort()),
                    result.err());
            assertTrue(result.err().contains("already in use"), result.err());
            assertEquals("", result.out());
        }
    }

    @Test
    void brokenZoneIsOneLineWithFileAndLineAndExitOne() throws Exception {
        Path zone = Files.writeString(dir.resolve("example.com.zone"), ZONE + "www CNAME ns1\n");
        Result result = run("--listen", "127.0.0.1:0", zone.toString());
        assertEquals(ServerRunner.CANNOT_START, result.exitCode());
        assertEquals(1, result.errLines().size(), result.err());
        assertTrue(result.err().startsWith("jdns serve: " + zone + ":6: "), result.err());
    }

    @Test
    void aRecordOfClassChIsOneLineWithFileAndLineAndExitOne() throws Exception {
        for (String line : List.of("www CH A 1.2.3.4", "@ CH NS ns1")) {
            Path zone = Files.writeString(dir.resolve("example.com.zone"), ZONE + line + "\n");
            Result result = run("--listen", "127.0.0.1:0", zone.toString());
            assertEquals(ServerRunner.CANNOT_START, result.exitCode(), line);
            assertEquals(1, result.errLines().size(), "one line, no stack trace: " + result.err());
            assertTrue(result.err().startsWith("jdns serve: " + zone + ":6: record ")
                    && result.err().contains(" has class CH, not the zone's class IN"), result.err());
            assertEquals("", result.out());
        }
    }

    @Test
    void missingZoneFileIsOneLineAndExitOne() {
        Result result = run("--listen", "127.0.0.1:0", dir.resolve("absent.zone").toString());
        assertEquals(ServerRunner.CANNOT_START, result.exitCode());
        assertEquals(1, result.errLines().size(), result.err());
        assertTrue(result.err().contains("absent.zone"), result.err());
    }

    @Test
    void badFlagsAreOneLineAndExitTwo() throws Exception {
        Path zone = Files.writeString(dir.resolve("example.com.zone"), ZONE);
        for (String[] args : List.of(new String[] {"--no-such-flag", zone.toString()},
                new String[] {"--listen", "127.0.0.1:99999", zone.toString()},
                new String[] {"--allow-transfer", "not-a-cidr", zone.toString()},
                new String[] {"--log-level", "loud", zone.toString()},
                new String[] {})) {
            Result result = run(args);
            assertEquals(Main.USAGE_ERROR, result.exitCode(), String.join(" ", args) + ": " + result.err());
            assertEquals(1, result.errLines().size(), result.err());
            assertTrue(result.err().startsWith("jdns serve: "), result.err());
        }
    }
}
