package dev.jdns.transport.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.UdpServerSocket;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Linux listen socket's own behaviour, on loopback against plain JDK sockets: batches in and out, a close that
 * ends a waiting receive, and what the server tests inherited beside it cannot see from above.
 */
class LinuxUdpServerSocketTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int BUFFER = 4 << 20;

    private static UdpServerSocket bindLoopback() throws IOException {
        return LinuxUdpServerSocket.bind(new InetSocketAddress(LOOPBACK, 0), false, BUFFER);
    }

    @Test
    void takesEveryQueuedDatagramInOneReceiveAndSendsTheRepliesInOrder() throws Exception {
        try (DatagramSocket client = clientSocket(); DatagramSocket other = clientSocket()) {
            InetSocketAddress server = freePort();
            try (UdpServerSocket socket = LinuxUdpServerSocket.bind(server, false, BUFFER)) {
                UdpServerSocket.Receiver receiver = socket.receiver();
                for (int i = 0; i < 5; i++) {
                    send(i % 2 == 0 ? client : other, "query " + i, server);
                }
                awaitQueued();
                int received = receiver.receive();
                assertEquals(5, received, "all five were queued before the receive");
                for (int i = 0; i < received; i++) {
                    assertEquals("query " + i, new String(receiver.datagram(i), StandardCharsets.US_ASCII));
                    DatagramSocket from = i % 2 == 0 ? client : other;
                    assertEquals(from.getLocalSocketAddress(), receiver.source(i));
                    receiver.reply(("reply " + i).getBytes(StandardCharsets.US_ASCII), receiver.source(i));
                }
                assertNothingWaiting(client, "replies wait for the flush");
                receiver.flush();
                for (int i = 0; i < 5; i++) {
                    assertEquals("reply " + i, receive(i % 2 == 0 ? client : other));
                }
            }
        }
    }

    @Test
    void moreRepliesThanABatchHoldsAllGo() throws Exception {
        try (DatagramSocket client = clientSocket(); UdpServerSocket socket = bindLoopback()) {
            InetSocketAddress to = (InetSocketAddress) client.getLocalSocketAddress();
            UdpServerSocket.Receiver receiver = socket.receiver();
            int replies = LinuxUdpServerSocket.BATCH * 2 + 3;
            for (int i = 0; i < replies; i++) {
                receiver.reply(("reply " + i).getBytes(StandardCharsets.US_ASCII), to);
            }
            receiver.flush();
            for (int i = 0; i < replies; i++) {
                assertEquals("reply " + i, receive(client));
            }
        }
    }

    @Test
    void aDatagramOfAnySizeComesWholeAndLargeRepliesGoWhole() throws Exception {
        try (DatagramSocket client = clientSocket()) {
            InetSocketAddress server = freePort();
            try (UdpServerSocket socket = LinuxUdpServerSocket.bind(server, false, BUFFER)) {
                UdpServerSocket.Receiver receiver = socket.receiver();
                byte[] large = new byte[65_000];
                for (int i = 0; i < large.length; i++) {
                    large[i] = (byte) i;
                }
                client.send(new DatagramPacket(large, large.length, server));
                client.send(new DatagramPacket(new byte[] {1, 2, 3}, 3, server));
                awaitQueued();
                assertEquals(2, receiver.receive());
                assertArrayEquals(large, receiver.datagram(0));
                assertArrayEquals(new byte[] {1, 2, 3}, receiver.datagram(1));
                // Two replies that together exceed the batch's reply room: the first is flushed to make room.
                receiver.reply(large, receiver.source(0));
                receiver.reply(large, receiver.source(0));
                receiver.flush();
                byte[] buffer = new byte[65_536];
                for (int i = 0; i < 2; i++) {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    client.receive(packet);
                    assertEquals(large.length, packet.getLength());
                }
            }
        }
    }

    @Test
    void aReplyTheKernelRefusesCostsOnlyItself() throws Exception {
        try (DatagramSocket client = clientSocket(); UdpServerSocket socket = bindLoopback()) {
            InetSocketAddress to = (InetSocketAddress) client.getLocalSocketAddress();
            UdpServerSocket.Receiver receiver = socket.receiver();
            receiver.reply("first".getBytes(StandardCharsets.US_ASCII), to);
            receiver.reply("refused".getBytes(StandardCharsets.US_ASCII), new InetSocketAddress(LOOPBACK, 0));
            receiver.reply("third".getBytes(StandardCharsets.US_ASCII), to);
            IOException error = assertThrows(IOException.class, receiver::flush);
            assertTrue(error.getMessage().contains("1 of 3"), error.getMessage());
            assertEquals("first", receive(client));
            assertEquals("third", receive(client));
        }
    }

    @Test
    void sendGoesAtOnceFromAnyThread() throws Exception {
        try (DatagramSocket client = clientSocket(); UdpServerSocket socket = bindLoopback()) {
            InetSocketAddress to = (InetSocketAddress) client.getLocalSocketAddress();
            Thread.ofVirtual().start(() -> {
                try {
                    socket.send("from a query's thread".getBytes(StandardCharsets.US_ASCII), to);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).join();
            assertEquals("from a query's thread", receive(client));
        }
    }

    @Test
    @Timeout(10)
    void closeEndsAPlatformReceiverWaitingInTheKernel() throws Exception {
        assertCloseEndsWaitingReceive(Executors.newSingleThreadExecutor());
    }

    @Test
    @Timeout(10)
    void closeEndsAVirtualReceiverParkedInThePoller() throws Exception {
        assertCloseEndsWaitingReceive(Executors.newVirtualThreadPerTaskExecutor());
    }

    private static void assertCloseEndsWaitingReceive(ExecutorService threads) throws Exception {
        try (threads) {
            UdpServerSocket socket = bindLoopback();
            UdpServerSocket.Receiver receiver = socket.receiver();
            Future<Integer> receive = threads.submit(receiver::receive);
            Thread.sleep(200);
            assertFalse(receive.isDone(), "nothing was sent, so the receive waits");
            socket.close();
            assertEquals(0, receive.get(5, TimeUnit.SECONDS));
            assertEquals(0, receiver.receive(), "and every receive after the close");
        }
    }

    @Test
    void aVirtualReceiverIsWokenByADatagram() throws Exception {
        assertAVirtualReceiverHearsALateDatagram(ReadinessPoller.shared(), "late");
    }

    @Test
    @Timeout(10)
    void aVirtualReceiverWhosePollerStoppedWaitsInTheKernelInstead() throws Exception {
        ReadinessPoller poller = ReadinessPoller.start(); // one of this test's own, not the JVM's
        poller.stop(new IOException("epoll_wait failed (test)"));
        assertAVirtualReceiverHearsALateDatagram(poller, "still heard");
    }

    /** A virtual receiver waiting (through {@code poller}) before {@code text} is sent gets it. */
    private static void assertAVirtualReceiverHearsALateDatagram(ReadinessPoller poller, String text)
            throws Exception {
        try (DatagramSocket client = clientSocket();
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            InetSocketAddress server = freePort();
            try (UdpServerSocket socket = LinuxUdpServerSocket.bind(poller, server, false, BUFFER)) {
                UdpServerSocket.Receiver receiver = socket.receiver();
                Future<String> received = threads.submit(() -> {
                    assertEquals(1, receiver.receive());
                    return new String(receiver.datagram(0), StandardCharsets.US_ASCII);
                });
                Thread.sleep(200);
                send(client, text, server);
                assertEquals(text, received.get(5, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void closingLeavesNoDescriptorAndLaterSendsFail() throws Exception {
        bindLoopback().close(); // the poller's and the JIT's one-time descriptors before the count
        long before = openFiles();
        UdpServerSocket socket = bindLoopback();
        assertEquals(before + 1, openFiles());
        socket.close();
        socket.close();
        assertEquals(before, openFiles());
        assertThrows(IOException.class,
                () -> socket.send(new byte[] {1}, new InetSocketAddress(LOOPBACK, 9)));
    }

    @Test
    void anAddressInUseIsABindException() throws Exception {
        InetSocketAddress taken = freePort();
        try (UdpServerSocket first = LinuxUdpServerSocket.bind(taken, false, BUFFER)) {
            assertThrows(BindException.class, () -> LinuxUdpServerSocket.bind(taken, false, BUFFER).close());
        }
    }

    @Test
    void sharedSocketsBindTheSameAddress() throws Exception {
        InetSocketAddress address = freePort();
        try (UdpServerSocket first = LinuxUdpServerSocket.bind(address, true, BUFFER);
             UdpServerSocket second = LinuxUdpServerSocket.bind(address, true, BUFFER)) {
            assertTrue(first.portShared());
            assertTrue(second.portShared());
        }
    }

    @Test
    @Timeout(10)
    void steeringHandsEveryNewDatagramToTheSocketsThatJoinedLater() throws Exception {
        InetSocketAddress address = freePort();
        List<DatagramChannel> first = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            for (int i = 0; i < 2; i++) {
                DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
                channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                channel.bind(address).configureBlocking(false);
                first.add(channel);
            }
            UdpServerSocket joined1 = LinuxUdpServerSocket.bind(address, true, BUFFER);
            UdpServerSocket joined2 = LinuxUdpServerSocket.bind(address, true, BUFFER);
            try (joined1; joined2) {
                new LinuxUdpServerSockets().steer(joined1, 2, 2);
                int datagrams = 100;
                for (int i = 0; i < datagrams; i++) {
                    try (DatagramSocket client = clientSocket()) { // a new source port each: the kernel's hash varies
                        send(client, "d" + i, address);
                    }
                }
                Future<Integer> one = threads.submit(() -> drain(joined1.receiver()));
                Future<Integer> two = threads.submit(() -> drain(joined2.receiver()));
                Thread.sleep(300);
                joined1.close(); // ends the receives that wait for more
                joined2.close();
                int later = one.get(5, TimeUnit.SECONDS) + two.get(5, TimeUnit.SECONDS);
                assertEquals(datagrams, later, "every datagram went to the sockets that joined later");
                for (DatagramChannel channel : first) {
                    assertEquals(null, channel.receive(ByteBuffer.allocate(64)), "and none to the first ones");
                }
            }
        } finally {
            for (DatagramChannel channel : first) {
                channel.close();
            }
        }
    }

    /** Receives until the socket is closed; returns how many datagrams came. */
    private static int drain(UdpServerSocket.Receiver receiver) throws IOException {
        int total = 0;
        for (int received = receiver.receive(); received > 0; received = receiver.receive()) {
            total += received;
        }
        return total;
    }

    @Test
    void anIpv4ClientOfAnIpv6SocketIsWrittenMappedAndReadAsIpv4() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocate(SocketAddresses.MAX_SIZE);
            InetSocketAddress client = new InetSocketAddress("192.0.2.7", 5300);
            assertEquals(SocketAddresses.IPV6_SIZE, SocketAddresses.writeFor(name, Libc.AF_INET6, client));
            InetSocketAddress read = SocketAddresses.read(name);
            assertTrue(read.getAddress() instanceof Inet4Address, "the JDK reports a mapped address as IPv4");
            assertEquals(client, read);
            assertEquals(SocketAddresses.IPV4_SIZE, SocketAddresses.writeFor(name, Libc.AF_INET, client));
            assertEquals(client, SocketAddresses.read(name));
        }
    }

    /** A port free at the time of asking (a JDK socket's, released). */
    private static InetSocketAddress freePort() throws IOException {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            return (InetSocketAddress) probe.getLocalSocketAddress();
        }
    }

    private static DatagramSocket clientSocket() throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        socket.setSoTimeout(5000);
        return socket;
    }

    private static void send(DatagramSocket from, String text, InetSocketAddress to) throws IOException {
        byte[] data = text.getBytes(StandardCharsets.US_ASCII);
        from.send(new DatagramPacket(data, data.length, to));
    }

    private static String receive(DatagramSocket socket) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[1024], 1024);
        socket.receive(packet);
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.US_ASCII);
    }

    private static void assertNothingWaiting(DatagramSocket socket, String why) throws IOException {
        int timeout = socket.getSoTimeout();
        socket.setSoTimeout(100);
        try {
            assertThrows(java.net.SocketTimeoutException.class, () -> receive(socket), why);
        } finally {
            socket.setSoTimeout(timeout);
        }
    }

    /** Loopback delivers within the send, so the datagrams are queued by now; a short pause covers a slow one. */
    private static void awaitQueued() throws InterruptedException {
        Thread.sleep(50);
    }

    private static long openFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("/proc/self/fd"))) {
            return files.count();
        }
    }
}
