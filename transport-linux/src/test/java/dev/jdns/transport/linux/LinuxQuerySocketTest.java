package dev.jdns.transport.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.client.QuerySocket;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.StandardProtocolFamily;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Linux query socket's own behaviour, on loopback against plain JDK sockets: what the client tests inherited
 * beside it ({@code LinuxDnsClientTest} and others) cannot see from above.
 */
class LinuxQuerySocketTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final long PATIENT = Duration.ofSeconds(5).toNanos();

    private final LinuxQuerySockets provider = new LinuxQuerySockets();

    @Test
    void sendsToAndReceivesFromTheConnectedServer() throws IOException {
        try (DatagramSocket server = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
                QuerySocket socket = connectedTo(server)) {
            socket.send(bytes("question"));
            DatagramPacket query = receive(server);
            assertEquals("question", text(query));
            assertEquals(LOOPBACK, socket.localAddress());
            assertEquals(query.getPort(), localPort(query));

            server.send(new DatagramPacket(bytes("answer"), 6, query.getSocketAddress()));
            byte[] buffer = new byte[64];
            int length = socket.receive(buffer, System.nanoTime() + PATIENT);
            assertEquals("answer", new String(buffer, 0, length, StandardCharsets.US_ASCII));
            assertEquals(server.getLocalSocketAddress(), socket.lastSource());
        }
    }

    /**
     * Linux keeps a datagram that reached the port before connect() (the JDK's channel flushes it): it is received
     * with its true source, which UdpExchange compares with the server's before anything else.
     */
    @Test
    void aDatagramQueuedBeforeConnectComesWithItsOwnSource() throws IOException {
        try (DatagramSocket server = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
                DatagramSocket forger = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
                QuerySocket socket = provider.open(StandardProtocolFamily.INET)) {
            int port = freePort();
            socket.bind(port);
            forger.send(new DatagramPacket(bytes("forged"), 6, new InetSocketAddress(LOOPBACK, port)));
            socket.connect((InetSocketAddress) server.getLocalSocketAddress());

            byte[] buffer = new byte[64];
            int length = socket.receive(buffer, System.nanoTime() + PATIENT);
            assertEquals("forged", new String(buffer, 0, length, StandardCharsets.US_ASCII));
            assertEquals(forger.getLocalSocketAddress(), socket.lastSource());
        }
    }

    @Test
    void aDatagramLargerThanTheBufferIsCutToIt() throws IOException {
        try (DatagramSocket server = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
                QuerySocket socket = connectedTo(server)) {
            socket.send(bytes("q"));
            DatagramPacket query = receive(server);
            byte[] large = new byte[9000];
            Arrays.fill(large, (byte) 7);
            server.send(new DatagramPacket(large, large.length, query.getSocketAddress()));

            byte[] buffer = new byte[4097];
            assertEquals(4097, socket.receive(buffer, System.nanoTime() + PATIENT));
            byte[] sevens = new byte[4097];
            Arrays.fill(sevens, (byte) 7);
            assertArrayEquals(sevens, buffer);
        }
    }

    @Test
    void aLargerBufferThanTheStandardOneIsFilled() throws IOException {
        try (DatagramSocket server = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
                QuerySocket socket = connectedTo(server)) {
            socket.send(bytes("q"));
            DatagramPacket query = receive(server);
            byte[] large = new byte[9000];
            Arrays.fill(large, (byte) 3);
            server.send(new DatagramPacket(large, large.length, query.getSocketAddress()));

            byte[] buffer = new byte[20_000];
            assertEquals(9000, socket.receive(buffer, System.nanoTime() + PATIENT));
            assertArrayEquals(large, Arrays.copyOf(buffer, 9000));
        }
    }

    /** The wait parks untimed; the poller's sweep ends it (a missed sweep would hang: hence the JUnit timeout). */
    @Test
    @Timeout(30)
    void silenceEndsAtTheDeadline() throws IOException {
        try (DatagramSocket server = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
                QuerySocket socket = connectedTo(server)) {
            socket.send(bytes("q"));
            long deadline = System.nanoTime() + Duration.ofMillis(50).toNanos();
            assertEquals(-1, socket.receive(new byte[64], deadline));
            assertTrue(System.nanoTime() - deadline >= 0, "returned before the deadline");
            assertEquals(-1, socket.receive(new byte[64], deadline), "a deadline already past: no wait at all");
        }
    }

    /** Datagrams that keep coming must not keep an exchange alive: past its deadline nothing more is read. */
    @Test
    void pastTheDeadlineNothingMoreIsReadEvenWithDatagramsQueued() throws IOException {
        try (DatagramSocket server = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
                QuerySocket socket = connectedTo(server)) {
            socket.send(bytes("q"));
            DatagramPacket query = receive(server);
            server.send(new DatagramPacket(bytes("one"), 3, query.getSocketAddress()));
            server.send(new DatagramPacket(bytes("two"), 3, query.getSocketAddress()));
            byte[] buffer = new byte[64];
            assertEquals(3, socket.receive(buffer, System.nanoTime() + PATIENT));
            assertEquals(-1, socket.receive(buffer, System.nanoTime() - 1), "the second is queued, the deadline past");
        }
    }

    /**
     * A poller whose loop failed wakes nobody any more: a waiter must fail at once, not stay parked to the end of its
     * deadline (a minute here) or, after a missed sweep, forever.
     */
    @Test
    @Timeout(30)
    void aStoppedPollerFailsItsWaitersAtOnce() throws Exception {
        ReadinessPoller poller = ReadinessPoller.start(); // one of this test's own, not the JVM's
        try (DatagramSocket server = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
                QuerySocket socket = LinuxQuerySocket.open(poller, Libc.AF_INET);
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            socket.bind(0);
            socket.connect((InetSocketAddress) server.getLocalSocketAddress());
            socket.send(bytes("q"));
            long aMinute = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            Future<Integer> waiting = threads.submit(() -> socket.receive(new byte[64], aMinute));

            poller.stop(new IOException("epoll_wait failed (test)"));

            ExecutionException failed = assertThrows(ExecutionException.class, () -> waiting.get(20, TimeUnit.SECONDS));
            assertTrue(failed.getCause() instanceof IOException, "failed with " + failed.getCause());
            assertThrows(IOException.class, () -> socket.receive(new byte[64], aMinute), "a later wait fails too");
        }
    }

    @Test
    void aClosedPortIsReportedAsUnreachable() throws IOException {
        InetSocketAddress closed;
        try (DatagramSocket gone = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            closed = (InetSocketAddress) gone.getLocalSocketAddress();
        }
        try (QuerySocket socket = provider.open(StandardProtocolFamily.INET)) {
            socket.bind(0);
            socket.connect(closed);
            socket.send(bytes("q"));
            assertThrows(PortUnreachableException.class, () -> socket.receive(new byte[64], System.nanoTime() + PATIENT));
        }
    }

    @Test
    void aPortInUseIsABindException() throws IOException {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(0));
                QuerySocket socket = provider.open(StandardProtocolFamily.INET)) {
            assertThrows(BindException.class, () -> socket.bind(taken.getLocalPort()));
        }
    }

    @Test
    void worksOverIpv6Loopback() throws IOException {
        InetAddress v6 = InetAddress.getByName("::1");
        DatagramSocket server;
        try {
            server = new DatagramSocket(new InetSocketAddress(v6, 0));
        } catch (IOException e) {
            org.junit.jupiter.api.Assumptions.abort("no IPv6 loopback here: " + e.getMessage());
            return;
        }
        try (server; QuerySocket socket = provider.open(StandardProtocolFamily.INET6)) {
            socket.bind(0);
            socket.connect((InetSocketAddress) server.getLocalSocketAddress());
            socket.send(bytes("v6"));
            DatagramPacket query = receive(server);
            assertEquals(v6, socket.localAddress());
            server.send(new DatagramPacket(bytes("ok"), 2, query.getSocketAddress()));
            byte[] buffer = new byte[16];
            assertEquals(2, socket.receive(buffer, System.nanoTime() + PATIENT));
            assertEquals(server.getLocalSocketAddress(), socket.lastSource());
        }
    }

    private QuerySocket connectedTo(DatagramSocket server) throws IOException {
        QuerySocket socket = provider.open(StandardProtocolFamily.INET);
        socket.bind(0);
        socket.connect((InetSocketAddress) server.getLocalSocketAddress());
        return socket;
    }

    private static DatagramPacket receive(DatagramSocket server) throws IOException {
        server.setSoTimeout(5000);
        DatagramPacket packet = new DatagramPacket(new byte[65_536], 65_536);
        server.receive(packet);
        return packet;
    }

    private static int localPort(DatagramPacket query) {
        return query.getPort();
    }

    private static int freePort() throws IOException {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(0))) {
            return probe.getLocalPort();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(DatagramPacket packet) {
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.US_ASCII);
    }
}
