package dev.jdns.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.testing.LoopbackClient;
import dev.jdns.transport.testing.LoopbackServers;
import dev.jdns.transport.testing.TestQueries;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Binding, both transports on each address, start errors and a clean close. */
class DnsServerTest {

    private static final QueryHandler ONE_ANSWER = Handlers.answersWithARecords(1);

    @Test
    void answersOverUdpAndTcpOnTheSamePort() {
        try (DnsServer server = LoopbackServers.start(ONE_ANSWER)) {
            InetSocketAddress address = LoopbackServers.address(server);
            assertNotEquals(0, address.getPort());
            assertAnswers(address);
        }
    }

    @Test
    void everyListenAddressAnswers() {
        ServerOptions options = ServerOptions.defaults().withReceiverThreads(2);
        try (DnsServer server = LoopbackServers.start(ONE_ANSWER, options, "127.0.0.1", "127.0.0.2")) {
            List<InetSocketAddress> addresses = server.boundAddresses();
            assertEquals(List.of("127.0.0.1", "127.0.0.2"),
                    addresses.stream().map(a -> a.getAddress().getHostAddress()).toList());
            addresses.forEach(DnsServerTest::assertAnswers);
        }
    }

    @Test
    void blockingHandlerModeAnswersOverBothTransports() {
        ServerOptions options = ServerOptions.defaults().withHandlerMayBlock(true);
        try (DnsServer server = LoopbackServers.start(ONE_ANSWER, options, "127.0.0.1")) {
            assertAnswers(LoopbackServers.address(server));
        }
    }

    @Test
    void portInUseIsReportedWithTheAddressAndNothingStaysBound() {
        try (DnsServer first = LoopbackServers.start(ONE_ANSWER)) {
            InetSocketAddress taken = LoopbackServers.address(first);
            InetSocketAddress free = new InetSocketAddress("127.0.0.2", 0);
            DnsServer second = new DnsServer(List.of(free, taken), ONE_ANSWER);
            ListenException error = assertThrows(ListenException.class, second::start);
            assertEquals("cannot listen on 127.0.0.1:" + taken.getPort() + "/tcp: address already in use",
                    error.getMessage());
            assertEquals(taken, error.address());
            assertEquals(1, second.boundAddresses().size(), "127.0.0.2 was bound before the failure");
            assertFalse(isServing(second.boundAddresses().getFirst()), "and released again");
            second.close();
        }
    }

    @Test
    void aReceiverThatCannotBeMadeFailsTheStartAndNothingStaysBound() throws Exception {
        // A provider whose sockets bind but whose receivers cannot be made, as when the batching sockets' mapping
        // of their datagram slots fails (ENOMEM).
        UdpServerSocketProvider noReceivers = TestListenProviders.named("no-receivers", (address, share, buffer) -> {
            UdpServerSocket socket = TestListenProviders.jdk().bind(address, share, buffer);
            return new UdpServerSocket() {
                @Override
                public boolean portShared() {
                    return socket.portShared();
                }

                @Override
                public Receiver receiver() {
                    throw new IllegalStateException("mmap: errno 12 (test)");
                }

                @Override
                public void send(byte[] message, InetSocketAddress client) throws java.io.IOException {
                    socket.send(message, client);
                }

                @Override
                public void close() {
                    socket.close();
                }
            };
        });
        InetSocketAddress address = LoopbackServers.freeAddress();
        DnsServer server = new DnsServer(List.of(address), ONE_ANSWER)
                .listenPlan(new UdpServerSocketProviders.Plan(noReceivers, null, 0));

        ListenException error = assertThrows(ListenException.class, server::start);
        assertEquals("cannot listen on 127.0.0.1:" + address.getPort() + "/udp: mmap: errno 12", error.getMessage());
        assertEquals(address, error.address());
        assertFalse(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.getName().startsWith("jdns-127.0.0.1:" + address.getPort())),
                "no receiver or connection thread left");
        try (DnsServer again = new DnsServer(List.of(address), ONE_ANSWER)) {
            again.start();
            assertAnswers(address);
        }
    }

    @Test
    void closeReleasesThePortAndEndsItsThreads() throws Exception {
        InetSocketAddress address;
        try (DnsServer server = LoopbackServers.start(ONE_ANSWER)) {
            address = LoopbackServers.address(server);
            assertAnswers(address);
        }
        assertFalse(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.getName().startsWith("jdns-127.0.0.1:" + address.getPort())));
        assertFalse(isServing(address));
        try (DnsServer again = new DnsServer(List.of(address), ONE_ANSWER)) {
            again.start();
            assertAnswers(address);
        }
    }

    private static boolean isServing(InetSocketAddress address) {
        Message query = TestQueries.query("example.com", Type.A);
        return LoopbackClient.udpRaw(address, query.toWire(), Duration.ofMillis(300)).isPresent();
    }

    private static void assertAnswers(InetSocketAddress address) {
        Message query = TestQueries.query("example.com", Type.A);
        for (Optional<Message> reply : List.of(LoopbackClient.udp(address, query), LoopbackClient.tcp(address, query))) {
            assertTrue(reply.isPresent(), "reply from " + address);
            assertEquals(Rcode.NOERROR, reply.get().getRcode());
            assertEquals(query.getHeader().getID(), reply.get().getHeader().getID());
            assertEquals(1, reply.get().getSection(Section.ANSWER).size());
        }
    }

    @Test
    void aHandlerThatMayBlockIsRefusedWhereItWouldRunInline() {
        QueryHandler blocking = new QueryHandler() {
            @Override
            public Response handle(Query query) {
                return ONE_ANSWER.handle(query);
            }

            @Override
            public boolean mayBlock() {
                return true;
            }
        };
        List<InetSocketAddress> loopback = List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));

        assertThrows(IllegalArgumentException.class, () -> new DnsServer(loopback, blocking));
        new DnsServer(loopback, blocking, ServerOptions.defaultsForBlockingHandler()).close();
    }
}
