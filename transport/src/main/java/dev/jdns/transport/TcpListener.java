package dev.jdns.transport;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;

/**
 * Accepts TCP connections on one listen address and runs each on a virtual thread. A server-wide cap on
 * connections (RFC 7766 §6.2.2 asks servers to protect themselves) is enforced here: past it, a new
 * connection is closed at once rather than queued, so stalled clients cannot starve the others forever.
 */
final class TcpListener {

    private static final System.Logger LOG = System.getLogger(TcpListener.class.getName());

    private final ServerSocket server;
    private final QueryProcessor processor;
    private final ServerOptions options;
    private final ExecutorService virtualThreads;
    private final ScheduledExecutorService timers;
    private final Semaphore connectionSlots;
    private final Set<TcpConnection> open = ConcurrentHashMap.newKeySet();

    TcpListener(ServerSocket server, QueryProcessor processor, ServerOptions options, ExecutorService virtualThreads,
                ScheduledExecutorService timers, Semaphore connectionSlots) {
        this.server = server;
        this.processor = processor;
        this.options = options;
        this.virtualThreads = virtualThreads;
        this.timers = timers;
        this.connectionSlots = connectionSlots;
    }

    void start() {
        virtualThreads.execute(this::acceptLoop);
    }

    /** Stops accepting and closes every open connection. */
    void close() {
        SocketBinder.closeQuietly(server);
        open.forEach(TcpConnection::close);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                admit(server.accept());
            } catch (IOException e) {
                if (!server.isClosed()) {
                    // e.g. out of file descriptors: log and keep serving the connections we have
                    LOG.log(Level.WARNING, "TCP accept on " + server.getLocalSocketAddress() + " failed: " + e);
                    pauseAfterAcceptFailure();
                }
            }
        }
    }

    private void admit(Socket socket) {
        if (!connectionSlots.tryAcquire()) {
            SocketBinder.closeQuietly(socket);
            return;
        }
        Executor concurrentQueries = options.handlerMayBlock() ? virtualThreads : null;
        TcpConnection connection = new TcpConnection(socket, processor, options, concurrentQueries, timers);
        open.add(connection);
        try {
            virtualThreads.execute(() -> {
                try {
                    connection.run();
                } finally {
                    open.remove(connection);
                    connectionSlots.release();
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            connection.close();
            open.remove(connection);
            connectionSlots.release();
        }
    }

    /** A failing accept (EMFILE) fails again at once; a short pause keeps it from spinning a core. */
    private static void pauseAfterAcceptFailure() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
