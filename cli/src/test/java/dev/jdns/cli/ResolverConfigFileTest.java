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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import picocli.CommandLine;

/** `jdns resolver --config FILE`: the same answers as the same flags; the command line wins. */
class ResolverConfigFileTest {

    @TempDir
    Path dir;

    @Test
    void theFileAnswersTheSameQueriesAsTheFlags() throws Exception {
        Path hosts = Files.writeString(dir.resolve("hosts"), "192.0.2.7 printer.lan\n");
        // upstream-port: a loopback-only hierarchy that is not there, so only the hosts file answers
        List<String> fromFlags;
        try (RunningServe resolver = RunningServe.startCommand("resolver", "--listen", "127.0.0.1:0", "--hosts",
                hosts.toString(), "--upstream-port", "9", "--allow", "127.0.0.0/8")) {
            fromFlags = answers(resolver.address());
        }
        Path file = Files.writeString(dir.resolve("resolver.yaml"), """
                listen: 127.0.0.1:0
                hosts: %s
                upstream-port: 9
                allow:
                  - 127.0.0.0/8
                """.formatted(hosts));
        try (RunningServe resolver = RunningServe.startCommand("resolver", "--config", file.toString())) {
            assertEquals(fromFlags, answers(resolver.address()), resolver.err());
        }
        assertTrue(fromFlags.getFirst().startsWith("NOERROR") && fromFlags.getFirst().contains("192.0.2.7"),
                fromFlags.toString());
    }

    @Test
    void aClientOutsideTheFileAllowListIsRefusedUnlessTheCommandLineAllowsIt() throws Exception {
        Path hosts = Files.writeString(dir.resolve("hosts"), "192.0.2.7 printer.lan\n");
        Path file = Files.writeString(dir.resolve("resolver.yaml"), """
                listen: 127.0.0.1:0
                hosts: %s
                allow: [192.0.2.0/24]   # not loopback: the test's queries are refused
                """.formatted(hosts));
        try (RunningServe resolver = RunningServe.startCommand("resolver", "--config", file.toString())) {
            assertEquals(Rcode.REFUSED, LoopbackClient.udp(resolver.address(),
                    TestQueries.query("printer.lan", Type.A)).orElseThrow().getRcode());
        }
        try (RunningServe resolver = RunningServe.startCommand("resolver", "--config", file.toString(),
                "--allow", "127.0.0.1/32")) {
            assertEquals(Rcode.NOERROR, LoopbackClient.udp(resolver.address(),
                    TestQueries.query("printer.lan", Type.A)).orElseThrow().getRcode());
        }
    }

    @Test
    void theLabTakesItsFlagsFromAFileToo() throws Exception {
        Path file = Files.writeString(dir.resolve("lab.yaml"), "compose: true\n");
        StringWriter out = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        assertEquals(0, commandLine.execute("lab", "--config", file.toString()));
        assertTrue(out.toString().startsWith("# "), out.toString()); // the compose file, not a running lab
        assertTrue(out.toString().contains("services:"), out.toString());
    }

    private static List<String> answers(InetSocketAddress server) {
        List<String> answers = new ArrayList<>();
        for (Message query : List.of(TestQueries.query("printer.lan", Type.A),
                TestQueries.query("printer.lan", Type.AAAA))) {
            Message reply = LoopbackClient.udp(server, query).orElseThrow();
            answers.add(Rcode.string(reply.getRcode()) + " " + reply.getSection(Section.ANSWER));
        }
        return answers;
    }
}
