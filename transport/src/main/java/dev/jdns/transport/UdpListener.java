package dev.jdns.transport;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

/**
 * Receives datagrams on the UDP sockets of one listen address. Each receiver thread owns one socket
 * (SO_REUSEPORT) or, without it, all threads share the single socket. A query is handled inline on the
 * receiver thread, or on a virtual thread of its own when the handler may block.
 */
final class UdpListener {

    private static final System.Logger LOG = System.getLogger(UdpListener.class.getName());

    /** The largest UDP payload (65535 minus the IP and UDP headers is less; this holds any datagram). */
    private static final int MAX_DATAGRAM = 65535;

    private final List<DatagramChannel> channels;
    private final QueryProcessor processor;
    private final Executor blockingHandlers;
    private final Semaphore inFlight;
    private final ResponseLimiter limiter;
    private final ServerMetrics metrics;
    private final List<Thread> receivers = new ArrayList<>();
    private final ThrottledWarning receiveFailures = new ThrottledWarning(LOG, "UDP receive failed");

    /**
     * @param blockingHandlers where queries run when the handler may block, or null to run them inline
     * @param inFlight         permits for queries running on {@code blockingHandlers}; none left means drop
     * @param limiter          what of each reply is sent (rate limiting); every UDP reply goes through it
     */
    UdpListener(List<DatagramChannel> channels, QueryProcessor processor, Executor blockingHandlers,
                Semaphore inFlight, ResponseLimiter limiter, ServerMetrics metrics) {
        this.channels = List.copyOf(channels);
        this.processor = processor;
        this.blockingHandlers = blockingHandlers;
        this.inFlight = inFlight;
        this.limiter = limiter;
        this.metrics = metrics;
    }

    /**
     * Starts the receivers. With a handler that answers inline (an authoritative server) they are platform
     * threads, each blocked in its socket's receive. With a blocking handler (the resolver) they are virtual
     * threads, like the queries they start: the whole resolver then runs on the JDK's carrier threads, one per
     * core, and a query's path from the socket to the upstream server and back crosses no OS thread boundary,
     * which cost less CPU per new name and a shorter tail than platform receivers (docs/performance.md).
     */
    void start(int threads, String name) {
        for (int i = 0; i < threads; i++) {
            DatagramChannel channel = channels.get(i % channels.size());
            Thread.Builder builder = blockingHandlers == null ? Thread.ofPlatform().daemon() : Thread.ofVirtual();
            Thread receiver = builder.name(name + "-udp-" + i).start(() -> receiveLoop(channel));
            receivers.add(receiver);
        }
    }

    /** Closes the sockets, which ends every receiver's blocking receive. */
    void close() {
        channels.forEach(SocketBinder::closeQuietly);
    }

    List<Thread> threads() {
        return List.copyOf(receivers);
    }

    private void receiveLoop(DatagramChannel channel) {
        // Direct buffers, one each way per receiver thread: the JDK would otherwise copy every datagram through a
        // temporary direct buffer of its own, and a heap buffer per reply was a tenth of the allocation of a
        // resolver answering from its cache (JFR, bench/profile.sh resolver).
        ByteBuffer in = ByteBuffer.allocateDirect(MAX_DATAGRAM);
        ReceiverSink sink = new ReceiverSink(channel, ByteBuffer.allocateDirect(MAX_DATAGRAM));
        while (channel.isOpen()) {
            try {
                in.clear();
                InetSocketAddress client = (InetSocketAddress) channel.receive(in);
                in.flip();
                byte[] request = new byte[in.remaining()];
                in.get(request);
                sink.client = client;
                dispatch(channel, request, client, sink);
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException | RuntimeException e) {
                // One bad datagram or a transient socket error must not stop the listener; but a bug on the
                // inline path would drop every query that reaches it, so it is reported, not hidden.
                receiveFailures.log(e);
            }
        }
    }

    /** @param sink the receiver thread's own, for replies sent from this thread */
    private void dispatch(DatagramChannel channel, byte[] request, InetSocketAddress client, ReceiverSink sink)
            throws IOException {
        // A kept reply is sent from here whatever the handler (for the resolver: its cache hits, with no thread
        // of their own); only the rest goes to a thread of its own when the handler may block.
        QueryProcessor.Pending pending = processor.receive(request, client, Protocol.UDP, sink);
        if (pending == null) {
            return;
        }
        if (blockingHandlers == null) {
            answer(pending, client, sink);
            return;
        }
        if (!inFlight.tryAcquire()) {
            metrics.dropped(ServerMetrics.Drop.IN_FLIGHT_CAP);
            return; // overloaded: dropping is what a client retry copes with best
        }
        try {
            blockingHandlers.execute(() -> {
                try {
                    answer(pending, client, new OwnThreadSink(channel, client));
                } finally {
                    inFlight.release();
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            inFlight.release();
        }
    }

    private static void answer(QueryProcessor.Pending pending, InetSocketAddress client, ReplySink sink) {
        try {
            pending.process(sink);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "UDP reply to " + client + " failed", e);
        }
    }

    /**
     * Sends replies from a receiver thread, reusing its direct buffer; made once per receiver, so a reply sent
     * from the receiver costs no sink of its own. The client is the one of the datagram being handled.
     */
    private final class ReceiverSink implements ReplySink {
        private final DatagramChannel channel;
        private final ByteBuffer out;
        private InetSocketAddress client;

        ReceiverSink(DatagramChannel channel, ByteBuffer out) {
            this.channel = channel;
            this.out = out;
        }

        @Override
        public void send(byte[] reply) {
            send(reply, null);
        }

        @Override
        public void send(byte[] reply, byte[] rateLimitName) {
            UdpListener.send(channel, out, admit(reply, rateLimitName, client), client);
        }

        @Override
        public void sendToProvenClient(byte[] reply) {
            UdpListener.send(channel, out, unlimited(reply), client);
        }
    }

    /** Sends replies from a handler's own thread, which has no buffer of its own. */
    private final class OwnThreadSink implements ReplySink {
        private final DatagramChannel channel;
        private final InetSocketAddress client;

        OwnThreadSink(DatagramChannel channel, InetSocketAddress client) {
            this.channel = channel;
            this.client = client;
        }

        @Override
        public void send(byte[] reply) throws IOException {
            send(reply, null);
        }

        @Override
        public void send(byte[] reply, byte[] rateLimitName) throws IOException {
            byte[] admitted = admit(reply, rateLimitName, client);
            if (admitted != null) {
                channel.send(ByteBuffer.wrap(admitted), client);
            }
        }

        @Override
        public void sendToProvenClient(byte[] reply) throws IOException {
            channel.send(ByteBuffer.wrap(unlimited(reply)), client);
        }
    }

    /**
     * What the rate limiter lets out of {@code reply} (null: nothing), counted either way; anything but the reply
     * itself is the truncated stand-in of a slip.
     */
    private byte[] admit(byte[] reply, byte[] rateLimitName, InetSocketAddress client) {
        byte[] admitted = limiter.admit(reply, rateLimitName, client.getAddress());
        if (admitted == null) {
            metrics.dropped(ServerMetrics.Drop.RATE_LIMIT);
            return null;
        }
        if (admitted != reply) {
            metrics.dropped(ServerMetrics.Drop.RATE_LIMIT_SLIP);
        }
        ReplyCount.count(metrics, Protocol.UDP, admitted);
        return admitted;
    }

    /** A reply to a client with a valid server cookie: counted, never limited. */
    private byte[] unlimited(byte[] reply) {
        ReplyCount.count(metrics, Protocol.UDP, reply);
        return reply;
    }

    /** Sends {@code admitted} (what the limiter let out of a reply; null: nothing) from the receiver's buffer. */
    private static void send(DatagramChannel channel, ByteBuffer out, byte[] admitted, InetSocketAddress client) {
        if (admitted == null) {
            return;
        }
        try {
            out.clear();
            out.put(admitted).flip();
            channel.send(out, client);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "UDP reply to " + client + " failed", e);
        }
    }
}
