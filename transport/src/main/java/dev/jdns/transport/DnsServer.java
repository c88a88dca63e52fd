package dev.jdns.transport;

import dev.jdns.transport.cookie.ServerCookies;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The network front end: UDP and TCP on each listen address, every query through a {@link QueryProcessor}
 * to the {@link QueryHandler}. Use: construct, {@link #start()}, read {@link #boundAddresses()}, and
 * {@link #close()} (which stops every thread and closes every socket).
 *
 * <pre>{@code
 * try (DnsServer server = new DnsServer(List.of(new InetSocketAddress("127.0.0.1", 0)), handler)) {
 *     server.start();
 *     InetSocketAddress where = server.boundAddresses().getFirst();
 * }
 * }</pre>
 */
public final class DnsServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DnsServer.class.getName());

    /** How long close() waits for threads to end; they only wait on sockets that close() has closed. */
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(5);

    private final List<InetSocketAddress> listen;
    private final QueryHandler handler;
    /** Made again when {@link #cookies} changes them, which happens before the server starts. */
    private QueryProcessor processor;
    private final ServerOptions options;
    private final ResponseLimiter limiter;
    private final List<SocketBinder.Bound> bound = new ArrayList<>();
    private final List<UdpListener> udpListeners = new ArrayList<>();
    private final List<TcpListener> tcpListeners = new ArrayList<>();
    private final ExecutorService virtualThreads =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("jdns-", 0).factory());
    private final ScheduledExecutorService timers = newTimers();
    private final ConnectionTable connections;
    /** Queries being handled on threads of their own, UDP and TCP together (see ServerOptions). */
    private final Semaphore inFlight;
    private ServerMetrics metrics = ServerMetrics.NONE;
    /** Which UDP sockets the listeners use; from the options at start unless a test set it. */
    private UdpServerSocketProviders.Plan listenPlan;
    private boolean started;
    private boolean closed;

    /**
     * @param limiter what of each UDP reply is sent ({@link ResponseRateLimiter}, or {@link ResponseLimiter#NONE});
     *                replies over TCP never pass through it
     */
    public DnsServer(List<InetSocketAddress> listen, QueryHandler handler, ServerOptions options,
                     ResponseLimiter limiter) {
        this.listen = List.copyOf(listen);
        this.options = Objects.requireNonNull(options, "options");
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        if (handler.mayBlock() && !options.handlerMayBlock()) {
            throw new IllegalArgumentException("the handler may block: start it with ServerOptions that allow it "
                    + "(withHandlerMayBlock(true))");
        }
        this.handler = handler;
        // RFC 7873: cookies answered by default, with a secret of this process (RFC 9018 §5 for sharing one).
        this.processor = new QueryProcessor(handler, options.replyCacheBytes(), ServerCookies.withRandomSecret());
        this.connections = new ConnectionTable(options.maxConnections(), options.maxConnectionsPerClient());
        this.inFlight = new Semaphore(options.maxInFlightQueries());
        if (this.listen.isEmpty()) {
            throw new IllegalArgumentException("no listen address");
        }
    }

    public DnsServer(List<InetSocketAddress> listen, QueryHandler handler, ServerOptions options) {
        this(listen, handler, options, ResponseLimiter.NONE);
    }

    public DnsServer(List<InetSocketAddress> listen, QueryHandler handler) {
        this(listen, handler, ServerOptions.defaults());
    }

    /** Counts replies and drops into {@code serverMetrics} (before {@link #start()}; none by default). */
    public synchronized DnsServer metrics(ServerMetrics serverMetrics) {
        if (started) {
            throw new IllegalStateException("metrics are set before the server starts");
        }
        this.metrics = Objects.requireNonNull(serverMetrics, "serverMetrics");
        processor.metrics(serverMetrics);
        return this;
    }

    /**
     * Answers DNS cookies with {@code serverCookies} (for a secret shared by several servers), or ignores them
     * when null; before {@link #start()}. By default they are answered with a random secret.
     */
    public synchronized DnsServer cookies(ServerCookies serverCookies) {
        if (started) {
            throw new IllegalStateException("cookies are set before the server starts");
        }
        this.processor = new QueryProcessor(handler, options.replyCacheBytes(), serverCookies);
        return this;
    }

    /** Sets which UDP sockets the listeners use, before {@link #start()} (tests: another threshold or provider). */
    synchronized DnsServer listenPlan(UdpServerSocketProviders.Plan plan) {
        if (started) {
            throw new IllegalStateException("the listen plan is set before the server starts");
        }
        this.listenPlan = Objects.requireNonNull(plan, "plan");
        return this;
    }

    /** Queries being handled on threads of their own now (resolutions in flight), for metrics. */
    public int inFlightQueries() {
        return options.maxInFlightQueries() - inFlight.availablePermits();
    }

    /**
     * Binds every address (UDP and TCP on the same port; port 0 picks one) and starts serving.
     *
     * @throws ListenException naming the first address that could not be bound or served (a UDP receiver that
     *                         could not be made); nothing stays bound then
     */
    public synchronized void start() throws ListenException {
        if (started || closed) {
            throw new IllegalStateException(closed ? "server is closed" : "server already started");
        }
        started = true;
        try {
            if (listenPlan == null) {
                listenPlan = UdpServerSocketProviders.plan(options);
            }
            for (InetSocketAddress address : listen) {
                bound.add(SocketBinder.bind(address, options.receiverThreads(), listenPlan.initial()));
            }
        } catch (ListenException e) {
            close();
            throw e;
        }
        try {
            for (int i = 0; i < bound.size(); i++) {
                serve(bound.get(i), listen.get(i));
            }
        } catch (ListenException e) {
            close();
            throw e;
        }
        LOG.log(Level.DEBUG, "listening on {0} (UDP and TCP)", boundAddresses());
    }

    /** Every UDP socket of every listener, in the order bound (a test's view of sockets that joined later). */
    synchronized List<UdpServerSocket> udpSockets() {
        return udpListeners.stream().flatMap(udp -> udp.sockets().stream()).toList();
    }

    /** The addresses actually bound, in the order given (with the real port where 0 was asked). */
    public synchronized List<InetSocketAddress> boundAddresses() {
        return bound.stream().map(SocketBinder.Bound::address).toList();
    }

    /** Stops serving: closes all sockets and connections, ends all threads. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        udpListeners.forEach(UdpListener::close);
        tcpListeners.forEach(TcpListener::close);
        connections.closeAll();
        bound.forEach(SocketBinder.Bound::close);
        virtualThreads.shutdownNow();
        timers.shutdownNow();
        awaitThreads();
    }

    /**
     * @throws ListenException when a UDP receiver cannot be made (the batching sockets' native memory, say): the
     *                         start fails as a bind failure does, naming {@code requested}
     */
    private void serve(SocketBinder.Bound sockets, InetSocketAddress requested) throws ListenException {
        String name = "jdns-" + sockets.address().getAddress().getHostAddress() + ":" + sockets.address().getPort();
        ExecutorService blockingHandlers = options.handlerMayBlock() ? virtualThreads : null;
        UdpListener udp = new UdpListener(sockets.address(), sockets.udp(), listenPlan, processor, blockingHandlers,
                inFlight, limiter, metrics);
        udpListeners.add(udp); // first, so that close() ends the receivers it started if the start fails midway
        try {
            udp.start(options.receiverThreads(), name);
        } catch (RuntimeException e) {
            throw new ListenException(requested, "udp", e);
        }
        TcpListener tcp = new TcpListener(sockets.tcp(), processor, options, virtualThreads, timers, connections,
                inFlight, metrics);
        tcp.start();
        tcpListeners.add(tcp);
    }

    private void awaitThreads() {
        long deadline = System.nanoTime() + SHUTDOWN_WAIT.toNanos();
        try {
            for (UdpListener udp : udpListeners) {
                for (Thread receiver : udp.threads()) {
                    receiver.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                }
            }
            if (!virtualThreads.awaitTermination(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                LOG.log(Level.WARNING, "some handler threads were still running when the server closed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ScheduledExecutorService newTimers() {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("jdns-timers").factory());
        // Write watchdogs are cancelled on almost every write; drop them from the queue at once.
        timers.setRemoveOnCancelPolicy(true);
        return timers;
    }
}
