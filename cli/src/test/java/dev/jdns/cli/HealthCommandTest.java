package dev.jdns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `jdns health`: exit 0 only when the server really answers; one line saying why not otherwise. */
class HealthCommandTest {

    @TempDir
    Path dir;

    @Test
    void aLiveAuthoritativeServerIsHealthyForItsZoneAndNotForAnother() throws Exception {
        Path zone = Files.writeString(dir.resolve("example.com.zone"), ServeCommandTest.ZONE);
        try (RunningServe serve = RunningServe.start("--listen", "127.0.0.1:0", zone.toString())) {
            Result ok = health("--server", ServerRunner.hostPort(serve.address()), "--name", "example.com");
            assertEquals(0, ok.exitCode(), ok.err());
            assertTrue(ok.out().matches("jdns health: ok: 127\\.0\\.0\\.1:\\d+ example\\.com\\. SOA: NOERROR in \\d+ ms\\s*"),
                    ok.out());

            Result refused = health("--server", ServerRunner.hostPort(serve.address()));
            assertEquals(HealthCommand.UNHEALTHY, refused.exitCode());
            assertOneLine(refused.err(), "jdns health: unhealthy: 127\\.0\\.0\\.1:\\d+ \\. SOA: REFUSED");
        }
    }

    @Test
    void aServerThatDoesNotAnswerIsUnhealthy() throws Exception {
        // A bound socket that never replies: the query times out.
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Result result = health("--server", "127.0.0.1:" + silent.getLocalPort(), "--timeout", "300ms");
            assertEquals(HealthCommand.UNHEALTHY, result.exitCode());
            assertOneLine(result.err(), "jdns health: unhealthy: 127\\.0\\.0\\.1:\\d+ \\. SOA: .+");
        }
    }

    @Test
    void aResolverIsHealthyWhenItResolvesAndNotWhenItCannot() throws Exception {
        Path hosts = Files.writeString(dir.resolve("hosts"), "192.0.2.7 printer.lan\n");
        // Upstream port 9 on loopback: nobody there, so only the hosts file can answer.
        try (RunningServe resolver = RunningServe.startCommand("resolver", "--listen", "127.0.0.1:0", "--hosts",
                hosts.toString(), "--upstream-port", "9", "--upstream-timeout", "200")) {
            String server = ServerRunner.hostPort(resolver.address());
            Result fromHosts = health("--server", server, "--name", "printer.lan");
            assertEquals(0, fromHosts.exitCode(), fromHosts.err());

            Result cannotResolve = health("--server", server, "--timeout", "10s");
            assertEquals(HealthCommand.UNHEALTHY, cannotResolve.exitCode(), cannotResolve.out());
            assertOneLine(cannotResolve.err(), "jdns health: unhealthy: 127\\.0\\.0\\.1:\\d+ \\. SOA: SERVFAIL");
        }
    }

    @Test
    void aBadNameIsAUsageError() {
        Result result = health("--name", "a..b");
        assertEquals(Main.USAGE_ERROR, result.exitCode());
        assertEquals(1, result.err().lines().count(), result.err());
    }

    private static void assertOneLine(String text, String regex) {
        List<String> lines = text.lines().toList();
        assertEquals(1, lines.size(), text);
        assertTrue(lines.getFirst().matches(regex), lines.getFirst());
    }

    private static Result health(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("health"));
        all.addAll(List.of(args));
        return new Result(commandLine.execute(all.toArray(String[]::new)), out.toString(), err.toString());
    }

    record Result(int exitCode, String out, String err) {}
}
