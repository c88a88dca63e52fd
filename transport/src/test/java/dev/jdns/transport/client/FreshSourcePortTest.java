package dev.jdns.transport.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jdns.transport.Protocol;
import dev.jdns.transport.Replies;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Every upstream UDP query from its own socket on a fresh random port, closed when the exchange ends (RFC 5452
 * §9.2; SAD DNS, CVE-2020-25705, scans for ports that stay open): a reply forged while no query was outstanding
 * has nowhere to wait for the next one. All on loopback, against a {@link ScriptedServer}.
 */
class FreshSourcePortTest {

    private static final Name VICTIM = Name.fromConstantString("poison.victim.test.");
    private static final Record QUESTION = Record.newRecord(VICTIM, Type.A, DClass.IN);
    private static final String REAL = "198.51.100.10";
    private static final String POISON = "203.0.113.66";
    private static final Duration PATIENT = Duration.ofSeconds(3);

    private ScriptedServer server;

    @AfterEach
    void stopServer() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    /**
     * The reproduction: after a clean exchange, forged replies for the next query (right question, right
     * source, and the ID the next query will carry: the forger's best possible guess) are sent to the port the
     * client used. With sockets kept between exchanges they waited in the queue and the next query took them.
     */
    @Test
    void aForgeryQueuedAtTheLastSourcePortIsNeverTheNextAnswer() throws Exception {
        server = answering(REAL);
        try (DnsClient client = new DnsClient(PATIENT)) {
            client.query(server.address(), QUESTION);
            Message next = client.iterativeQuery(QUESTION);
            server.sendFromServer(lastSourcePort(), forgedReply(next.getHeader().getID()));

            DnsReply reply = client.exchange(server.address(), next, Protocol.UDP);

            assertEquals(List.of(REAL), addresses(reply.message()), "the forged answer was taken from the queue");
        }
    }

    /** Forgeries with many guessed IDs (the right one among them) queued at every port used so far. */
    @Test
    void forgeriesQueuedAtEveryPortUsedAreNeverTaken() throws Exception {
        server = answering(REAL);
        try (DnsClient client = new DnsClient(PATIENT)) {
            for (int i = 0; i < 20; i++) {
                client.query(server.address(), QUESTION);
            }
            Set<SocketAddress> used = new LinkedHashSet<>(server.udpClients());
            for (int round = 0; round < 5; round++) {
                Message next = client.iterativeQuery(QUESTION);
                for (SocketAddress port : used) {
                    for (int id : guessedIds(next.getHeader().getID(), 16)) {
                        server.sendFromServer(port, forgedReply(id));
                    }
                }

                DnsReply reply = client.exchange(server.address(), next, Protocol.UDP);

                assertEquals(List.of(REAL), addresses(reply.message()), "round " + round);
                used.add(lastSourcePort());
            }
        }
    }

    @Test
    void threeHundredQueriesToOneServerUseAtLeast280SourcePorts() throws Exception {
        server = answering(REAL);
        try (DnsClient client = new DnsClient(PATIENT)) {
            for (int i = 0; i < 300; i++) {
                client.query(server.address(), QUESTION);
            }
        }
        Set<Integer> ports = new HashSet<>();
        server.udpClients().forEach(client -> ports.add(((InetSocketAddress) client).getPort()));
        assertEquals(300, server.udpClients().size());
        assertTrue(ports.size() >= 280, ports.size() + " distinct source ports in 300 queries");
    }

    /**
     * No socket outlives its exchange, whatever the outcome: 1000 exchanges, 32 at a time, then as many open file
     * descriptors as before (a few of slack for the JVM's own files). Kept sockets would show here as one per
     * exchange that was in flight at once.
     */
    @Test
    void socketsAreClosedWhenTheirExchangeEnds() throws Exception {
        Path fds = Path.of("/proc/self/fd");
        assumeTrue(Files.isDirectory(fds), "needs /proc (Linux)");
        server = answering(REAL);
        InetSocketAddress closedPort = closedPort();
        try (DnsClient client = new DnsClient(PATIENT)) {
            client.query(server.address(), QUESTION); // loads what the first exchange needs
            long before = openFiles(fds);

            runConcurrently(32, 1000, () -> client.query(server.address(), QUESTION));
            runConcurrently(32, 64, () -> assertThrows(ServerUnreachableException.class,
                    () -> client.query(closedPort, QUESTION)));

            long after = openFiles(fds);
            assertTrue(after - before <= 4, "open files grew from " + before + " to " + after);
        }
    }

    @Test
    void aTimedOutExchangeClosesItsSocketToo() throws Exception {
        Path fds = Path.of("/proc/self/fd");
        assumeTrue(Files.isDirectory(fds), "needs /proc (Linux)");
        server = new ScriptedServer((query, raw, client, socket) -> {}, (query, out) -> {});
        try (DnsClient client = new DnsClient(Duration.ofMillis(100))) {
            assertThrows(DnsTimeoutException.class, () -> client.query(server.address(), QUESTION));
            long before = openFiles(fds);

            runConcurrently(32, 64, () -> assertThrows(DnsTimeoutException.class,
                    () -> client.query(server.address(), QUESTION)));

            long after = openFiles(fds);
            assertTrue(after - before <= 4, "open files grew from " + before + " to " + after);
        }
    }

    private interface Exchange {
        void run() throws Exception;
    }

    private static void runConcurrently(int threads, int exchanges, Exchange exchange) throws Exception {
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int share = exchanges / threads + (t < exchanges % threads ? 1 : 0);
                workers.add(executor.submit(() -> {
                    for (int i = 0; i < share; i++) {
                        exchange.run();
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        }
    }

    private static long openFiles(Path fds) throws IOException {
        try (Stream<Path> files = Files.list(fds)) {
            return files.count();
        }
    }

    private static ScriptedServer answering(String address) throws IOException {
        return new ScriptedServer((query, raw, client, socket) ->
                ScriptedServer.sendUdp(socket, client, answer(query.getHeader().getID(), address, 60)),
                (query, out) -> {});
    }

    private SocketAddress lastSourcePort() {
        return server.udpClients().getLast();
    }

    /** The forger's reply: right question, authoritative, the poison address with a long TTL. */
    private static Message forgedReply(int id) throws IOException {
        return answer(id, POISON, 86_400);
    }

    private static Message answer(int id, String address, long ttl) throws IOException {
        Message query = new Message(id);
        query.addRecord(QUESTION, Section.QUESTION);
        Message reply = Replies.replyTo(query);
        reply.getHeader().setFlag(Flags.AA);
        reply.addRecord(new ARecord(VICTIM, DClass.IN, ttl, InetAddress.getByName(address)), Section.ANSWER);
        return reply;
    }

    /** {@code count} IDs, the right one among random guesses. */
    private static List<Integer> guessedIds(int right, int count) {
        SecureRandom random = new SecureRandom();
        List<Integer> ids = new ArrayList<>(List.of(right));
        while (ids.size() < count) {
            ids.add(random.nextInt(65_536));
        }
        return ids;
    }

    private static InetSocketAddress closedPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return (InetSocketAddress) socket.getLocalSocketAddress();
        }
    }

    private static List<String> addresses(Message message) {
        return message.getSection(Section.ANSWER).stream()
                .map(record -> ((ARecord) record).getAddress().getHostAddress())
                .toList();
    }
}
