package dev.jdns.transport;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One DNS-over-TCP connection (RFC 7766): messages with a two-octet length prefix (RFC 1035 §4.2.2), any
 * number per connection. Queries are answered in order on this thread, or, when the handler may block,
 * concurrently with replies in completion order (RFC 7766 §6.2.1.1).
 *
 * <p>Timeouts keep one client from holding a connection slot: the idle timeout while no query is pending
 * (§6.2.3), a deadline for each message once its first octet arrived (slowloris), and the same idle timeout
 * for each reply write, so a client that never reads cannot block us forever. When the handler may block, each
 * query also holds one of the server's in-flight permits, shared with UDP: with none left the connection is not
 * read until one is free (the client's writes back up in its socket), and after the idle timeout it is closed.
 */
final class TcpConnection implements Runnable {

    private static final System.Logger LOG = System.getLogger(TcpConnection.class.getName());

    /** Queries of one connection handled at once when the handler may block; the reader waits beyond it. */
    static final int MAX_PIPELINED = 64;

    private final Socket socket;
    private final InetSocketAddress client;
    private final QueryProcessor processor;
    private final ServerOptions options;
    private final Executor concurrentQueries;
    private final ScheduledExecutorService timers;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Semaphore pipeline = new Semaphore(MAX_PIPELINED);
    private final Semaphore inFlight;
    private final ServerMetrics metrics;
    /** True while waiting for the first octet of a message: with no query pending, the connection is idle. */
    private volatile boolean betweenMessages = true;
    private volatile long lastActivityNanos = System.nanoTime();

    /**
     * @param concurrentQueries where queries run when the handler may block, or null to answer in order
     * @param inFlight          the server's permits for queries being handled, shared with UDP (used only with
     *                          {@code concurrentQueries})
     */
    TcpConnection(Socket socket, QueryProcessor processor, ServerOptions options, Executor concurrentQueries,
                  ScheduledExecutorService timers, Semaphore inFlight, ServerMetrics metrics) {
        this.socket = socket;
        this.client = (InetSocketAddress) socket.getRemoteSocketAddress();
        this.processor = processor;
        this.options = options;
        this.concurrentQueries = concurrentQueries;
        this.timers = timers;
        this.inFlight = inFlight;
        this.metrics = metrics;
    }

    InetAddress clientAddress() {
        return client.getAddress();
    }

    /** RFC 7766 §6.2.3: idle means no query being answered and no message part-way in. */
    boolean isIdle() {
        return betweenMessages && pipeline.availablePermits() == MAX_PIPELINED;
    }

    /** When a message last arrived or a reply last left ({@link System#nanoTime()}). */
    long lastActivityNanos() {
        return lastActivityNanos;
    }

    @Override
    public void run() {
        try {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            for (byte[] message = nextMessage(in); message != null; message = nextMessage(in)) {
                dispatch(message);
            }
            awaitPendingReplies();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "TCP connection from " + client + " ended: " + e);
        } finally {
            close();
        }
    }

    /** Closes the socket; any blocked read or write on it fails at once. Safe to call more than once. */
    void close() {
        SocketBinder.closeQuietly(socket);
    }

    /** The next whole message, or null when the client closed the connection or it stayed idle too long. */
    private byte[] nextMessage(InputStream in) throws IOException {
        int first = awaitFirstOctet(in);
        if (first < 0) {
            return null;
        }
        long deadline = System.nanoTime() + options.messageTimeout().toNanos();
        int length = (first << 8) | (readFully(in, 1, deadline)[0] & 0xFF);
        return readFully(in, length, deadline);
    }

    private int awaitFirstOctet(InputStream in) throws IOException {
        socket.setSoTimeout(timeoutMillis(options.idleTimeout().toNanos()));
        betweenMessages = true;
        while (true) {
            try {
                int first = in.read();
                betweenMessages = false;
                lastActivityNanos = System.nanoTime();
                return first;
            } catch (SocketTimeoutException idle) {
                if (isIdle()) {
                    return -1;
                }
            }
        }
    }

    private byte[] readFully(InputStream in, int length, long deadline) throws IOException {
        byte[] buffer = new byte[length];
        int filled = 0;
        while (filled < length) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new SocketTimeoutException("message not complete within " + options.messageTimeout());
            }
            socket.setSoTimeout(timeoutMillis(remaining));
            int read = in.read(buffer, filled, length - filled);
            if (read < 0) {
                throw new EOFException("connection closed in the middle of a message");
            }
            filled += read;
        }
        return buffer;
    }

    private void dispatch(byte[] request) throws IOException {
        if (concurrentQueries == null) {
            processor.process(request, client, Protocol.TCP, this::send);
            return;
        }
        acquire(pipeline, MAX_PIPELINED + " queries pending for too long");
        try {
            acquire(inFlight, "the server's in-flight queries stayed at their cap for too long");
        } catch (IOException e) {
            metrics.dropped(ServerMetrics.Drop.IN_FLIGHT_CAP);
            pipeline.release();
            throw e;
        }
        try {
            concurrentQueries.execute(() -> answerConcurrently(request));
        } catch (RejectedExecutionException shuttingDown) {
            inFlight.release();
            pipeline.release();
            throw new IOException("server is shutting down");
        }
    }

    private void answerConcurrently(byte[] request) {
        try {
            processor.process(request, client, Protocol.TCP, this::send);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "TCP reply to " + client + " failed: " + e);
            close();
        } finally {
            inFlight.release();
            pipeline.release();
        }
    }

    /**
     * Waits for a permit without reading further; none free within the idle timeout ends the connection.
     */
    private void acquire(Semaphore permits, String whyNot) throws IOException {
        try {
            if (!permits.tryAcquire(options.idleTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                throw new SocketTimeoutException(whyNot);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("server is shutting down");
        }
    }

    /** The client closed its side; let queries still being answered finish before we close ours. */
    private void awaitPendingReplies() {
        try {
            if (pipeline.tryAcquire(MAX_PIPELINED, options.idleTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                pipeline.release(MAX_PIPELINED);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes one reply with its length prefix in a single write, so concurrent replies never interleave. */
    private void send(byte[] message) throws IOException {
        byte[] framed = new byte[message.length + 2];
        framed[0] = (byte) (message.length >>> 8);
        framed[1] = (byte) message.length;
        System.arraycopy(message, 0, framed, 2, message.length);
        ReplyCount.count(metrics, Protocol.TCP, message);
        writeLock.lock();
        try {
            ScheduledFuture<?> stalled = stallGuard();
            try {
                OutputStream out = socket.getOutputStream();
                out.write(framed);
                out.flush();
                lastActivityNanos = System.nanoTime();
            } finally {
                stalled.cancel(false);
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Closes the connection if a write stalls past the idle timeout. A resolution that ends after the server closed
     * finds the timers stopped: its reply is not sent (the connection is closed too).
     */
    private ScheduledFuture<?> stallGuard() throws IOException {
        try {
            return timers.schedule(this::close, options.idleTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            throw new IOException("server is shutting down");
        }
    }

    private static int timeoutMillis(long nanos) {
        return (int) Math.clamp(TimeUnit.NANOSECONDS.toMillis(nanos), 1, Integer.MAX_VALUE);
    }
}
