package dev.jdns.transport.client;

import dev.jdns.transport.SocketProviders;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;

/**
 * Query sockets on the JDK's {@link DatagramChannel}: portable, and what runs wherever no other provider is usable.
 * A blocking receive with a timeout through the channel's socket adaptor, which on a virtual thread parks it until
 * the JDK's poller sees the socket readable.
 */
final class JdkQuerySockets implements QuerySocketProvider {

    @Override
    public String name() {
        return SocketProviders.JDK;
    }

    @Override
    public boolean usable() {
        return true;
    }

    @Override
    public QuerySocket open(ProtocolFamily family) throws IOException {
        return new ChannelSocket(DatagramChannel.open(family));
    }

    private static final class ChannelSocket implements QuerySocket {

        private final DatagramChannel channel;
        private final DatagramSocket socket;
        private final DatagramPacket packet = new DatagramPacket(new byte[0], 0);
        private SocketAddress lastSource;

        ChannelSocket(DatagramChannel channel) {
            this.channel = channel;
            this.socket = channel.socket();
        }

        @Override
        public void bind(int port) throws IOException {
            channel.bind(port == 0 ? null : new InetSocketAddress(port));
        }

        @Override
        public void connect(InetSocketAddress server) throws IOException {
            // OpenJDK's connect also discards whatever reached the port while it was bound but not connected.
            channel.connect(server);
        }

        @Override
        public InetAddress localAddress() throws IOException {
            return ((InetSocketAddress) channel.getLocalAddress()).getAddress();
        }

        @Override
        public void send(byte[] wire) throws IOException {
            channel.write(ByteBuffer.wrap(wire));
        }

        @Override
        public int receive(byte[] buffer, long deadlineNanos) throws IOException {
            long remainingMillis = Duration.ofNanos(deadlineNanos - System.nanoTime()).toMillis();
            if (remainingMillis <= 0) {
                return -1;
            }
            packet.setData(buffer);
            socket.setSoTimeout((int) Math.min(remainingMillis, Integer.MAX_VALUE));
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                return -1;
            }
            lastSource = packet.getSocketAddress();
            return packet.getLength();
        }

        @Override
        public InetSocketAddress lastSource() {
            return (InetSocketAddress) lastSource;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
