package dev.jdns.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.linux.LinuxUdpServerSockets;
import dev.jdns.transport.testing.LoopbackClient;
import dev.jdns.transport.testing.LoopbackServers;
import dev.jdns.transport.testing.TestQueries;
import dev.jdns.transport.testing.UdpSession;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * A listener that starts on the JDK's sockets (the resolver's plan) and is joined by the batching ones once busy: on
 * a port of its own with SO_REUSEPORT, every query before, during and after the join is answered, and the first
 * sockets stay open beside the new ones.
 */
class BusyListenerJoinTest {

    private static final int BUSY_AFTER = 300;
    private static final Duration PATIENCE = Duration.ofSeconds(5);

    @Test
    void batchingSocketsJoinABusyListenerAndNoQueryIsLost() throws Exception {
        ServerOptions options = ServerOptions.defaultsForBlockingHandler(); // one socket per two cores
        UdpServerSocketProviders.Plan plan = new UdpServerSocketProviders.Plan(UdpServerSocketProviders.JDK,
                LinuxUdpServerSockets::new, BUSY_AFTER);
        try (DnsServer server = new DnsServer(List.of(LoopbackServers.freeAddress()), Handlers.answersWithARecords(1), options)) {
            server.listenPlan(plan).start();
            InetSocketAddress address = server.boundAddresses().getFirst();
            int first = providers(server).size();
            assertEquals(List.of("jdk"), providers(server).stream().distinct().toList());

            try (UdpSession session = UdpSession.open(address)) {
                assertAllAnswered(session, 0, BUSY_AFTER + 200);
                long deadline = System.nanoTime() + PATIENCE.toNanos();
                while (providers(server).size() < 2 * first && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                List<String> joined = providers(server);
                assertEquals(2 * first, joined.size(), "as many batching sockets joined: " + joined);
                assertEquals(List.of("linux"), joined.subList(first, joined.size()).stream().distinct().toList());
                assertAllAnswered(session, BUSY_AFTER + 200, 2000);
            }
        }
    }

    @Test
    void aJoinThatCannotBindLeavesTheFirstSocketsServing() throws Exception {
        UdpServerSocketProvider failing = TestListenProviders.named("failing", (address, share, buffer) -> {
            throw new IOException("bind refused (test)");
        });
        assertServesThroughTheJoin(failing, 1);
    }

    @Test
    void withoutSteeringBothSetsShareTheLoadAndNothingIsLost() throws Exception {
        // The JDK's sockets again, under another name: they join, but cannot steer the group to themselves.
        assertServesThroughTheJoin(TestListenProviders.named("jdk-unsteerable", TestListenProviders.jdk()), 2);
    }

    /** Runs queries through a listener whose plan joins {@code provider}; {@code ratio}: sockets after / before. */
    private static void assertServesThroughTheJoin(UdpServerSocketProvider provider, int ratio) throws Exception {
        UdpServerSocketProviders.Plan plan = new UdpServerSocketProviders.Plan(UdpServerSocketProviders.JDK,
                () -> provider, BUSY_AFTER);
        ServerOptions options = ServerOptions.defaultsForBlockingHandler();
        try (DnsServer server = new DnsServer(List.of(LoopbackServers.freeAddress()), Handlers.answersWithARecords(1), options)) {
            server.listenPlan(plan).start();
            int first = server.udpSockets().size();
            try (UdpSession session = UdpSession.open(server.boundAddresses().getFirst())) {
                assertAllAnswered(session, 0, BUSY_AFTER + 200);
                long deadline = System.nanoTime() + PATIENCE.toNanos();
                while (server.udpSockets().size() < ratio * first && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                Thread.sleep(200); // a failed join has had its time
                assertEquals(ratio * first, server.udpSockets().size());
                assertAllAnswered(session, BUSY_AFTER + 200, 1500);
            }
        }
    }

    @Test
    void anUnsharedPortKeepsItsOneSocket() throws Exception {
        UdpServerSocketProviders.Plan plan = new UdpServerSocketProviders.Plan(UdpServerSocketProviders.JDK,
                LinuxUdpServerSockets::new, 10);
        ServerOptions options = ServerOptions.defaultsForBlockingHandler();
        InetSocketAddress ephemeral = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (DnsServer server = new DnsServer(List.of(ephemeral), Handlers.answersWithARecords(1), options)) {
            server.listenPlan(plan).start();
            try (UdpSession session = UdpSession.open(server.boundAddresses().getFirst())) {
                assertAllAnswered(session, 0, 100);
            }
            Thread.sleep(200);
            assertEquals(List.of("jdk"), providers(server), "a port bound without SO_REUSEPORT cannot be joined");
        }
    }

    /** Sends queries {@code from} to {@code to} (distinct names), 50 in flight at most, and checks each answer. */
    private static void assertAllAnswered(UdpSession session, int from, int to) {
        Set<String> waiting = new HashSet<>();
        int next = from;
        while (next < to || !waiting.isEmpty()) {
            while (next < to && waiting.size() < 50) {
                String name = "q" + next++ + ".example";
                waiting.add(name + ".");
                session.send(TestQueries.query(name, Type.A).toWire());
            }
            Optional<byte[]> reply = session.receive(PATIENCE);
            assertTrue(reply.isPresent(), "no reply within " + PATIENCE + "; waiting for " + waiting.size());
            Message message = LoopbackClient.parse(reply.get());
            assertEquals(Rcode.NOERROR, message.getRcode());
            assertTrue(waiting.remove(message.getQuestion().getName().toString()), "an answer to a question asked");
        }
    }

    private static List<String> providers(DnsServer server) {
        return server.udpSockets().stream()
                .map(socket -> socket.getClass().getSimpleName().startsWith("Linux") ? "linux" : "jdk").toList();
    }
}
