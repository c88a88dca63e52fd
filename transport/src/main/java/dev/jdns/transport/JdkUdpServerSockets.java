package dev.jdns.transport;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;

/**
 * Listen sockets on the JDK's {@link DatagramChannel}: one datagram per receive and one per send; portable, and what
 * runs wherever no other provider is usable.
 */
final class JdkUdpServerSockets implements UdpServerSocketProvider {

    /** The largest UDP payload (65535 minus the IP and UDP headers is less; this holds any datagram). */
    private static final int MAX_DATAGRAM = 65535;

    @Override
    public String name() {
        return SocketProviders.JDK;
    }

    @Override
    public boolean usable() {
        return true;
    }

    @Override
    public UdpServerSocket bind(InetSocketAddress address, boolean sharePort, int receiveBufferBytes)
            throws IOException {
        StandardProtocolFamily family = address.getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
        DatagramChannel channel = DatagramChannel.open(family);
        try {
            boolean shared = sharePort && channel.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
            if (shared) {
                channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            channel.setOption(StandardSocketOptions.SO_RCVBUF, receiveBufferBytes);
            channel.bind(address);
            return new ChannelSocket(channel, shared);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static final class ChannelSocket implements UdpServerSocket {
        private final DatagramChannel channel;
        private final boolean portShared;

        ChannelSocket(DatagramChannel channel, boolean portShared) {
            this.channel = channel;
            this.portShared = portShared;
        }

        @Override
        public boolean portShared() {
            return portShared;
        }

        @Override
        public Receiver receiver() {
            return new ChannelReceiver(channel);
        }

        @Override
        public void send(byte[] message, InetSocketAddress client) throws IOException {
            channel.send(ByteBuffer.wrap(message), client);
        }

        @Override
        public void close() {
            SocketBinder.closeQuietly(channel);
        }
    }

    /** One datagram per receive, each reply sent at once. */
    private static final class ChannelReceiver implements UdpServerSocket.Receiver {
        private final DatagramChannel channel;
        // Direct buffers, one each way per receiver thread: the JDK would otherwise copy every datagram through a
        // temporary direct buffer of its own, and a heap buffer per reply was a tenth of the allocation of a resolver
        // answering from its cache (JFR, bench/profile.sh resolver).
        private final ByteBuffer in = ByteBuffer.allocateDirect(MAX_DATAGRAM);
        private final ByteBuffer out = ByteBuffer.allocateDirect(MAX_DATAGRAM);
        private InetSocketAddress lastSource;

        ChannelReceiver(DatagramChannel channel) {
            this.channel = channel;
        }

        @Override
        public int receive() throws IOException {
            in.clear();
            try {
                lastSource = (InetSocketAddress) channel.receive(in);
            } catch (ClosedChannelException closed) { // an asynchronous close included
                return 0;
            }
            in.flip();
            return 1;
        }

        @Override
        public byte[] datagram(int index) {
            byte[] datagram = new byte[in.remaining()];
            in.get(in.position(), datagram);
            return datagram;
        }

        @Override
        public InetSocketAddress source(int index) {
            return lastSource;
        }

        @Override
        public void reply(byte[] message, InetSocketAddress client) throws IOException {
            out.clear();
            out.put(message).flip();
            channel.send(out, client);
        }

        @Override
        public void flush() {
            // Every reply went out in reply().
        }
    }
}
