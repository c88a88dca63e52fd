package dev.jdns.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.resolver.core.DoNotQuery;
import dev.jdns.resolver.core.ResolutionEvent;
import dev.jdns.resolver.core.UpstreamSockets;
import dev.jdns.transport.Cidr;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Rcode;

/** Addresses never queried on the internet (Unbound's do-not-query-address), and the blocks an operator adds. */
class DoNotQueryTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} is refused by {1}")
    @CsvSource({
        "0.0.0.0, 0.0.0.0/8", "0.255.255.255, 0.0.0.0/8",
        "127.0.0.1, 127.0.0.0/8", "127.255.255.254, 127.0.0.0/8",
        "169.254.0.1, 169.254.0.0/16", "169.254.255.255, 169.254.0.0/16",
        "224.0.0.1, 224.0.0.0/4", "239.255.255.250, 224.0.0.0/4",
        "255.255.255.255, 255.255.255.255/32",
        "::, ::/128", "::1, ::1/128",
        "fe80::1, fe80::/10", "febf:ffff::1, fe80::/10",
        "ff02::1, ff00::/8", "ff0e::fb, ff00::/8",
        "::ffff:127.0.0.1, 127.0.0.0/8", "::ffff:0.0.0.0, 0.0.0.0/8",
    })
    void theInternetNeverQueries(String address, String block) {
        UpstreamSockets internet = UpstreamSockets.internet();

        assertEquals(Optional.empty(), internet.socketFor(Upstreams.address(address)));
        assertEquals("address in do-not-query block " + Cidr.parse(block), internet.whyRefused(Upstreams.address(address)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0.0.1", "126.255.255.255", "128.0.0.1", "169.253.255.255", "169.255.0.1",
        "192.0.2.1", "223.255.255.255", "254.255.255.255", "255.255.255.254", "2001:db8::1", "::2", "fec0::1",
        "fe7f::1", "feff::1"})
    void theInternetQueriesEverythingElseOnPort53(String address) {
        assertEquals(Optional.of(new InetSocketAddress(Upstreams.address(address), 53)),
                UpstreamSockets.internet().socketFor(Upstreams.address(address)));
    }

    @Test
    void loopbackIsQueriedWhenUpstreamsAreMappedOrOnALoopbackPort() {
        InetSocketAddress local = new InetSocketAddress(Upstreams.address("127.0.0.1"), 5300);

        assertEquals(Optional.of(local), UpstreamSockets.mapped(Map.of(Upstreams.address("192.0.2.1"), local))
                .socketFor(Upstreams.address("192.0.2.1")));
        assertEquals(Optional.of(local), UpstreamSockets.loopbackOnPort(5300).socketFor(local.getAddress()));
        assertEquals(Optional.empty(), UpstreamSockets.loopbackOnPort(5300).socketFor(Upstreams.address("0.0.0.0")));
    }

    @Test
    void blocksAddedByTheOperatorAreRefusedWhateverTheSockets() {
        UpstreamSockets local = UpstreamSockets.loopbackOnPort(5300).except(List.of(Cidr.parse("127.0.9.0/24")));
        UpstreamSockets internet = UpstreamSockets.internet().except(List.of(Cidr.parse("2001:db8::/32")));

        assertEquals(Optional.empty(), local.socketFor(Upstreams.address("127.0.9.9")));
        assertEquals("address in do-not-query block 127.0.9.0/24", local.whyRefused(Upstreams.address("127.0.9.9")));
        assertTrue(local.socketFor(Upstreams.address("127.0.8.9")).isPresent());
        assertEquals(Optional.empty(), internet.socketFor(Upstreams.address("2001:db8::53")));
        assertEquals("address in do-not-query block 0.0.0.0/8", internet.whyRefused(Upstreams.address("0.0.0.0")));
        assertTrue(internet.socketFor(Upstreams.address("2001:db9::53")).isPresent());
    }

    /**
     * Glue at 0.0.0.0 (which Linux delivers to this host) or 127.0.0.1, in internet mode: a server bound to the
     * wildcard address on the port the resolver uses for the internet would receive the query. It receives nothing.
     */
    @Test
    void glueAtThisHostIsNeverQueried() throws Exception {
        try (CountingWildcardServer thisHost = new CountingWildcardServer();
                SimulatedHierarchy net = new SimulatedHierarchy(dir, """
                        zero   NS ns.zero
                        ns.zero A 0.0.0.0
                        local  NS ns.local
                        ns.local A 127.0.0.1
                        """)) {
            UpstreamSockets hierarchy = net.upstreams.sockets();
            UpstreamSockets internet = DoNotQuery.internetOnPort(thisHost.port());
            net.sockets(new UpstreamSockets() {
                @Override
                public Optional<InetSocketAddress> socketFor(InetAddress address) {
                    // The simulated servers by their map; any other address as on the internet, but only if that
                    // is this host, so that no packet can leave the machine whatever the code under test does.
                    return hierarchy.socketFor(address).or(() -> internet.socketFor(address)
                            .filter(socket -> socket.getAddress().isAnyLocalAddress()
                                    || socket.getAddress().isLoopbackAddress()));
                }

                @Override
                public String whyRefused(InetAddress address) {
                    return internet.whyRefused(address);
                }
            });

            assertEquals(Rcode.SERVFAIL, net.ask("www.zero.test.").rcode());
            assertEquals(Rcode.SERVFAIL, net.ask("www.local.test.").rcode());

            assertEquals(0, thisHost.received(), "nothing was sent to this host");
            assertTrue(net.events.stream().anyMatch(event -> event instanceof ResolutionEvent.UpstreamFailure failure
                    && failure.reason().equals("address in do-not-query block 0.0.0.0/8")));
            assertTrue(net.events.stream().anyMatch(event -> event instanceof ResolutionEvent.UpstreamFailure failure
                    && failure.reason().equals("address in do-not-query block 127.0.0.0/8")));
        }
    }

    /** A UDP socket on 0.0.0.0 and an ephemeral port that counts the datagrams it receives and never answers. */
    private static final class CountingWildcardServer implements AutoCloseable {
        private final DatagramSocket socket = new DatagramSocket(new InetSocketAddress("0.0.0.0", 0));
        private final AtomicInteger received = new AtomicInteger();

        CountingWildcardServer() throws IOException {
            Thread.ofVirtual().name("wildcard-counter").start(() -> {
                byte[] buffer = new byte[512];
                try {
                    while (true) {
                        socket.receive(new DatagramPacket(buffer, buffer.length));
                        received.incrementAndGet();
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        int received() {
            return received.get();
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
