package dev.jdns.cli.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jdns.resolver.Resolver;
import dev.jdns.resolver.ResolverBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Arbitrary bytes sent to a resolver's control socket ({@link ControlServer}, {@link LineInput}, the resolver's
 * verbs, {@code load-cache}'s dump), then the client's side shut: the reply is nothing (nothing was sent: a probe),
 * or {@code ok} and a body whose only error line is its last, or exactly one line {@code error: MESSAGE}; and the
 * server answers {@code status} after every input. Random requests run in every build too (fixed seed, bounded
 * count): random bytes, NULs, lines over the 1 KiB limit, partial lines without a newline, mutated commands.
 *
 * <p>Seeds: {@code src/test/resources/dev/jdns/cli/control/ControlRequestFuzzTestInputs/requests/}; fuzzing: see
 * fuzz/README.md.
 */
class ControlRequestFuzzTest {

    private static final long SEED = 61206L;
    private static final int REQUESTS = 150;
    private static final List<String> COMMANDS = List.of("status\n", "stats\n", "flush www.example.com\n",
            "flush-zone example.com\n", "flush-all\n", "dump-cache\n", "reload\n", "notify example.com\n",
            "stop\n", "load-cache\n" + CacheDumpFuzzTest.DUMP);

    private static Path dir;
    private static ControlServer server;
    private static final AtomicInteger STOPS = new AtomicInteger();

    @BeforeAll
    static void start() throws IOException {
        dir = Files.createTempDirectory("jdns-control-fuzz");
        Resolver resolver = new ResolverBuilder().hostsFile(Path.of("/dev/null")).build();
        ControlCommands.ServerFacts facts = new ControlCommands.ServerFacts("jdns resolver", "fuzz",
                () -> "nothing", (arguments, data, out) -> out.line("# no metrics here"), Clock.systemUTC());
        // stop only counts: the server under test must go on serving whatever it was sent.
        ControlCommands commands = ResolverControl.addTo(new ControlCommands(facts, STOPS::incrementAndGet),
                resolver, Optional.empty(), Optional.empty(), Clock.systemUTC());
        server = ControlServer.start(dir.resolve("control"), commands);
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
        Files.deleteIfExists(dir.resolve("control"));
        Files.deleteIfExists(dir);
    }

    @FuzzTest
    void requests(byte[] data) throws IOException {
        check(data);
    }

    @Test
    void randomRequestsGetOneWellFormedReplyAndTheServerGoesOn() throws IOException {
        Random random = new Random(SEED);
        for (int i = 0; i < REQUESTS; i++) {
            check(request(random));
        }
    }

    private static byte[] request(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> {
                byte[] noise = new byte[random.nextInt(3000)];
                random.nextBytes(noise);
                yield noise;
            }
            case 1 -> {
                String command = COMMANDS.get(random.nextInt(COMMANDS.size()));
                yield command.substring(0, random.nextInt(command.length() + 1)).getBytes(StandardCharsets.UTF_8);
            }
            default -> Mutations.of(COMMANDS.get(random.nextInt(COMMANDS.size())), random)
                    .getBytes(StandardCharsets.UTF_8);
        };
    }

    static void check(byte[] request) throws IOException {
        String reply = exchange(request);
        if (reply.isEmpty()) {
            assertTrue(request.length == 0, "no reply to a request that was sent");
        } else {
            assertWellFormed(reply);
        }
        assertTrue(exchange("status\n".getBytes(StandardCharsets.UTF_8)).startsWith("ok\nversion: fuzz\n"),
                "the server still answers");
    }

    /** A status line, then the body; an error only as the status line alone or as the body's last line. */
    private static void assertWellFormed(String reply) {
        assertTrue(reply.endsWith("\n"), "whole lines: " + reply);
        List<String> lines = reply.lines().toList();
        assertTrue(!reply.contains("internal error"), "a bad request is the client's error, not a bug: " + reply);
        String status = lines.getFirst();
        if (status.startsWith(ControlReply.ERROR)) {
            assertEquals(1, lines.size(), "an error is one line: " + reply);
            assertTrue(status.chars().noneMatch(Character::isISOControl), "printable: " + reply);
            return;
        }
        assertEquals(ControlReply.OK, status, reply);
        for (int i = 1; i < lines.size() - 1; i++) {
            assertTrue(!lines.get(i).startsWith(ControlReply.ERROR), "an error line ends the reply: " + reply);
        }
    }

    /** Sends {@code request}, shuts the sending side and reads the reply until the server closes. */
    private static String exchange(byte[] request) throws IOException {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(server.path()))) {
            ByteBuffer out = ByteBuffer.wrap(request);
            try {
                while (out.hasRemaining()) {
                    channel.write(out);
                }
                channel.shutdownOutput();
            } catch (IOException closedEarly) {
                // The server may answer and close before reading a long request to its end (a line over the limit).
            }
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(8192);
            while (channel.read(in) >= 0) {
                reply.write(in.array(), 0, in.position());
                in.clear();
            }
            return reply.toString(StandardCharsets.UTF_8);
        }
    }
}
