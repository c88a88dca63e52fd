package dev.jdns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.testing.LoopbackClient;
import dev.jdns.transport.testing.TestQueries;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import picocli.CommandLine;

/**
 * What `jdns serve` gives away to anyone by default, over real sockets: no version or host name in CHAOS answers
 * unless the operator sets them, and no unlimited reflection (response rate limiting is on unless turned off, and
 * random names under a wildcard do not each get a limit of their own).
 */
class ServeExposureTest {

    /** Queries in the burst: five times the default limit, far more than one second can let through. */
    private static final int BURST = 1000;
    private static final int QUIET_MILLIS = 700;

    @TempDir
    Path dir;

    private Path zone() throws IOException {
        return Files.writeString(dir.resolve("example.com.zone"), ServeCommandTest.ZONE);
    }

    @ParameterizedTest
    @CsvSource({"version.bind", "version.server", "id.server", "hostname.bind"})
    void chaosIdentityIsRefusedByDefault(String name) throws Exception {
        try (RunningServe serve = RunningServe.start("--listen", "127.0.0.1:0", zone().toString())) {
            Message reply = LoopbackClient.udp(serve.address(), chaosQuery(name)).orElseThrow();
            assertEquals(Rcode.REFUSED, reply.getRcode(), reply.toString());
            assertTrue(reply.getSection(Section.ANSWER).isEmpty(), reply.toString());
        }
    }

    @ParameterizedTest
    @CsvSource({"version.bind, v-test", "version.server, v-test", "id.server, ns-test", "hostname.bind, ns-test"})
    void chaosIdentityIsAnsweredWhenSet(String name, String expected) throws Exception {
        try (RunningServe serve = RunningServe.start("--listen", "127.0.0.1:0", "--identity", "ns-test",
                "--version-string", "v-test", zone().toString())) {
            Message reply = LoopbackClient.udp(serve.address(), chaosQuery(name)).orElseThrow();
            List<Record> answer = reply.getSection(Section.ANSWER);
            assertEquals(1, answer.size(), reply.toString());
            assertEquals(List.of(expected), ((TXTRecord) answer.getFirst()).getStrings());
        }
    }

    @Test
    void theEarlierNamesStillWorkAndNoChaosStillRefuses() throws Exception {
        try (RunningServe serve = RunningServe.start("--listen", "127.0.0.1:0", "--server-id", "old-id",
                "--server-version", "old-version", zone().toString())) {
            Message id = LoopbackClient.udp(serve.address(), chaosQuery("id.server")).orElseThrow();
            assertEquals(List.of("old-id"), ((TXTRecord) id.getSection(Section.ANSWER).getFirst()).getStrings());
            Message version = LoopbackClient.udp(serve.address(), chaosQuery("version.bind")).orElseThrow();
            assertEquals(List.of("old-version"),
                    ((TXTRecord) version.getSection(Section.ANSWER).getFirst()).getStrings());
        }
        try (RunningServe serve = RunningServe.start("--listen", "127.0.0.1:0", "--no-chaos", "--identity", "x",
                zone().toString())) {
            Message id = LoopbackClient.udp(serve.address(), chaosQuery("id.server")).orElseThrow();
            assertEquals(Rcode.REFUSED, id.getRcode(), id.toString());
        }
    }

    @Test
    void aBurstFromOneClientIsRateLimitedByDefault() throws Exception {
        try (RunningServe serve = RunningServe.start("--listen", "127.0.0.1:0", zone().toString())) {
            Burst burst = burst(serve.address(), BURST);
            assertTrue(burst.truncated() > 0, "some limited replies slip out truncated: " + burst);
            assertTrue(burst.answered() < BURST / 2, "most of the burst is not answered in full: " + burst);
        }
    }

    @Test
    void randomNamesUnderAWildcardShareOneLimit() throws Exception {
        Path zone = Files.writeString(dir.resolve("example.com.zone"), ServeCommandTest.ZONE + "*.wild A 192.0.2.99\n");
        try (RunningServe serve = RunningServe.start("--listen", "127.0.0.1:0", zone.toString())) {
            Burst burst = burst(serve.address(), BURST, i -> "r" + i + ".wild.example.com");
            assertTrue(burst.truncated() > 0, "some limited replies slip out truncated: " + burst);
            assertTrue(burst.answered() < BURST / 2, "most of the burst is not answered in full: " + burst);
        }
    }

    @Test
    void rateLimitZeroAnswersEveryQuery() throws Exception {
        try (RunningServe serve = RunningServe.start("--listen", "127.0.0.1:0", "--rate-limit", "0",
                zone().toString())) {
            // In steps the client's socket buffer always holds, so every reply sent is also read.
            for (int step = 0; step < 8; step++) {
                Burst burst = burst(serve.address(), 50);
                assertEquals(new Burst(50, 0), burst, "step " + step);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"--rate-limit, -1", "--rate-limit-slip, 101", "--rate-limit-ipv4-prefix, 33",
        "--rate-limit-ipv6-prefix, 129", "--rate-limit-table-size, 0"})
    void badRateLimitSettingsAreAUsageError(String option, String value) throws Exception {
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute("serve", "--listen", "127.0.0.1:0", option, value, zone().toString());
        assertEquals(Main.USAGE_ERROR, exit, err.toString());
        assertTrue(err.toString().lines().findFirst().orElse("").contains("rate limiting:"), err.toString());
    }

    /** Replies with the answer, and truncated ones with no records, to a burst of queries. */
    record Burst(int answered, int truncated) {}

    private static Burst burst(InetSocketAddress server, int count) {
        return burst(server, count, i -> "www.example.com");
    }

    /** A burst of A queries for {@code names} of 0 to {@code count - 1}. */
    private static Burst burst(InetSocketAddress server, int count, IntFunction<String> names) {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(server.getAddress(), 0))) {
            socket.setReceiveBufferSize(4 << 20);
            for (int i = 0; i < count; i++) {
                byte[] query = TestQueries.query(names.apply(i), Type.A).toWire();
                socket.send(new DatagramPacket(query, query.length, server));
            }
            int answered = 0;
            int truncated = 0;
            socket.setSoTimeout(QUIET_MILLIS);
            for (int i = 0; i < count; i++) {
                byte[] buffer = new byte[65535];
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException quiet) {
                    break;
                }
                Message reply = LoopbackClient.parse(Arrays.copyOf(buffer, packet.getLength()));
                if (reply.getHeader().getFlag(Flags.TC) && reply.getSection(Section.ANSWER).isEmpty()) {
                    truncated++;
                } else if (reply.getSection(Section.ANSWER).size() == 1) {
                    answered++;
                }
            }
            return new Burst(answered, truncated);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Message chaosQuery(String name) {
        return Message.newQuery(Record.newRecord(TestQueries.name(name), Type.TXT, DClass.CH));
    }
}
