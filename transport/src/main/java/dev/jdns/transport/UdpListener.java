package dev.jdns.transport;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Receives datagrams on the UDP sockets of one listen address. Each receiver thread owns one socket
 * (SO_REUSEPORT) or, without it, all threads share the single socket. Datagrams come in batches where the socket
 * provides them ({@link UdpServerSocket}): every query of a batch is handled, and the replies made on the receiver
 * thread go out together after it. A query is handled inline on the receiver thread, or on a virtual thread of its
 * own when the handler may block.
 *
 * <p>Once busy ({@link UdpServerSocketProviders.Plan#busyAfter()} datagrams), a listener whose plan says so binds
 * batching sockets into the same SO_REUSEPORT group, gives them receivers, and has the kernel hand them every new
 * datagram ({@link UdpServerSocketProvider#steer}); the first sockets stay open with their receivers, idle, so that
 * nothing already queued in them, nor a reply still to be sent from them, is lost.
 */
final class UdpListener {

    private static final System.Logger LOG = System.getLogger(UdpListener.class.getName());

    private final InetSocketAddress address;
    private final List<UdpServerSocket> sockets;
    private final UdpServerSocketProviders.Plan plan;
    private final QueryProcessor processor;
    private final Executor blockingHandlers;
    private final Semaphore inFlight;
    private final ResponseLimiter limiter;
    private final ServerMetrics metrics;
    private final List<Thread> receivers = new CopyOnWriteArrayList<>();
    private final ThrottledWarning receiveFailures = new ThrottledWarning(LOG, "UDP receive failed");
    private final AtomicLong received = new AtomicLong();
    private final AtomicBoolean joining = new AtomicBoolean();
    private String name;
    private int receiversPerSocket;
    private boolean closed;

    /**
     * @param address          the address the sockets are bound to (its real port)
     * @param plan             which sockets join once busy, if any
     * @param blockingHandlers where queries run when the handler may block, or null to run them inline
     * @param inFlight         permits for queries running on {@code blockingHandlers}; none left means drop
     * @param limiter          what of each reply is sent (rate limiting); every UDP reply goes through it
     */
    UdpListener(InetSocketAddress address, List<UdpServerSocket> sockets, UdpServerSocketProviders.Plan plan,
                QueryProcessor processor, Executor blockingHandlers, Semaphore inFlight, ResponseLimiter limiter,
                ServerMetrics metrics) {
        this.address = address;
        this.sockets = new CopyOnWriteArrayList<>(sockets);
        this.plan = plan;
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
     * which cost less CPU per new name and a shorter tail than platform receivers (docs/performance.md). A
     * virtual receiver is its socket's only one (a socket waits for readiness on its own, see
     * {@link UdpServerSocket#receiver()}); platform receivers may share a socket where the port cannot be shared.
     */
    synchronized void start(int threads, String threadName) {
        this.name = threadName;
        this.receiversPerSocket = blockingHandlers == null ? Math.max(1, threads / sockets.size()) : 1;
        int count = blockingHandlers == null ? threads : sockets.size();
        for (int i = 0; i < count; i++) {
            UdpServerSocket socket = sockets.get(i % sockets.size());
            startReceiver(socket, socket.receiver());
        }
    }

    /**
     * @param receiver made by the caller, so that a failure to make one (its native memory, say) is the caller's to
     *                 report, not a receiver thread's that would end unseen
     */
    private void startReceiver(UdpServerSocket socket, UdpServerSocket.Receiver receiver) {
        Thread.Builder builder = blockingHandlers == null ? Thread.ofPlatform().daemon() : Thread.ofVirtual();
        receivers.add(builder.name(name + "-udp-" + receivers.size()).start(() -> receiveLoop(socket, receiver)));
    }

    /** Closes the sockets, which ends every receiver's blocking receive. */
    synchronized void close() {
        closed = true;
        sockets.forEach(UdpServerSocket::close);
    }

    List<Thread> threads() {
        return List.copyOf(receivers);
    }

    private void receiveLoop(UdpServerSocket socket, UdpServerSocket.Receiver receiver) {
        ReceiverSink sink = new ReceiverSink(receiver);
        while (true) {
            int received;
            try {
                received = receiver.receive();
            } catch (IOException | RuntimeException e) {
                // A transient socket error must not stop the listener.
                receiveFailures.log(e);
                continue;
            }
            if (received == 0) {
                return; // closed
            }
            countTowardsBusy(received);
            for (int i = 0; i < received; i++) {
                try {
                    InetSocketAddress client = receiver.source(i);
                    if (client != null) {
                        sink.client = client;
                        dispatch(socket, receiver.datagram(i), client, sink);
                    }
                } catch (IOException | RuntimeException e) {
                    // One bad datagram must not stop the listener; but a bug on the inline path would drop every
                    // query that reaches it, so it is reported, not hidden.
                    receiveFailures.log(e);
                }
            }
            try {
                receiver.flush();
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.DEBUG, "UDP replies failed", e);
            }
        }
    }

    private void countTowardsBusy(int datagrams) {
        if (plan.onceBusy() == null || joining.get() || received.addAndGet(datagrams) < plan.busyAfter()) {
            return;
        }
        if (joining.compareAndSet(false, true)) {
            Thread.ofPlatform().daemon().name(name + "-udp-join").start(this::joinBatchingSockets);
        }
    }

    /**
     * Binds batching sockets into the listen address's SO_REUSEPORT group (as many as there are), starts their
     * receivers, and steers the new datagrams to them. Where the port is not shared (an ephemeral one), nothing
     * better is on the class path, or a step fails, the first sockets go on alone or beside the new ones.
     */
    private void joinBatchingSockets() {
        UdpServerSocketProvider provider = plan.onceBusy().get();
        List<UdpServerSocket> first = List.copyOf(sockets);
        boolean shared = first.stream().allMatch(UdpServerSocket::portShared);
        if (provider.name().equals(SocketProviders.JDK) || !shared) {
            return;
        }
        List<UdpServerSocket> joined = new ArrayList<>();
        List<UdpServerSocket.Receiver> joinedReceivers = new ArrayList<>();
        try {
            for (int i = 0; i < first.size(); i++) {
                UdpServerSocket socket = SocketBinder.bindShared(address, provider);
                joined.add(socket);
                for (int r = 0; r < receiversPerSocket; r++) {
                    joinedReceivers.add(socket.receiver());
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "UDP listener on {0}: {1} sockets could not join: {2}", address, provider.name(),
                    e.toString());
            joined.forEach(UdpServerSocket::close);
            return;
        }
        synchronized (this) {
            if (closed) {
                joined.forEach(UdpServerSocket::close);
                return;
            }
            sockets.addAll(joined);
            for (int r = 0; r < joinedReceivers.size(); r++) {
                startReceiver(joined.get(r / receiversPerSocket), joinedReceivers.get(r));
            }
        }
        try {
            boolean steered = provider.steer(joined.getFirst(), first.size(), joined.size());
            LOG.log(Level.DEBUG, "UDP listener on {0}: {1} sockets joined after {2} datagrams{3}", address,
                    provider.name(), received.get(), steered ? " and take every new one" : ", sharing the load");
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "UDP listener on {0}: steering to the {1} sockets failed: {2}", address,
                    provider.name(), e.toString());
        }
    }

    /** The sockets in use, in the order bound (a test's view). */
    List<UdpServerSocket> sockets() {
        return List.copyOf(sockets);
    }

    /** @param sink the receiver thread's own, for replies sent from this thread */
    private void dispatch(UdpServerSocket socket, byte[] request, InetSocketAddress client, ReceiverSink sink)
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
                    answer(pending, client, new OwnThreadSink(socket, client));
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
     * Sends replies from a receiver thread, with its batch; made once per receiver, so a reply sent from the
     * receiver costs no sink of its own. The client is the one of the datagram being handled.
     */
    private final class ReceiverSink implements ReplySink {
        private final UdpServerSocket.Receiver receiver;
        private InetSocketAddress client;

        ReceiverSink(UdpServerSocket.Receiver receiver) {
            this.receiver = receiver;
        }

        @Override
        public void send(byte[] reply) {
            send(reply, null);
        }

        @Override
        public void send(byte[] reply, byte[] rateLimitName) {
            reply(admit(reply, rateLimitName, client));
        }

        @Override
        public void sendToProvenClient(byte[] reply) {
            reply(unlimited(reply));
        }

        /** Queues {@code admitted} (what the limiter let out of a reply; null: nothing) in the batch. */
        private void reply(byte[] admitted) {
            if (admitted == null) {
                return;
            }
            try {
                receiver.reply(admitted, client);
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "UDP reply to " + client + " failed", e);
            }
        }
    }

    /** Sends replies from a handler's own thread. */
    private final class OwnThreadSink implements ReplySink {
        private final UdpServerSocket socket;
        private final InetSocketAddress client;

        OwnThreadSink(UdpServerSocket socket, InetSocketAddress client) {
            this.socket = socket;
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
                socket.send(admitted, client);
            }
        }

        @Override
        public void sendToProvenClient(byte[] reply) throws IOException {
            socket.send(unlimited(reply), client);
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
}
