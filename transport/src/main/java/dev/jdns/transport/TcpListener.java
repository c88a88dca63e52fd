package dev.jdns.transport;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;

/**
 * Accepts TCP connections on one listen address and runs each on a virtual thread. The server's
 * {@link ConnectionTable} (RFC 7766 §6.2.2 asks servers to protect themselves) decides who is admitted: a
 * connection it turns away is closed at once rather than queued, so stalled clients cannot starve the others.
 */
final class TcpListener {

    private static final System.Logger LOG = System.getLogger(TcpListener.class.getName());

    private final ServerSocket server;
    private final QueryProcessor processor;
    private final ServerOptions options;
    private final ExecutorService virtualThreads;
    private final ScheduledExecutorService timers;
    private final ConnectionTable connections;
    private final Semaphore inFlight;
    private final ServerMetrics metrics;

    /** @param inFlight the server's permits for queries being handled, shared with UDP */
    TcpListener(ServerSocket server, QueryProcessor processor, ServerOptions options, ExecutorService virtualThreads,
                ScheduledExecutorService timers, ConnectionTable connections, Semaphore inFlight,
                ServerMetrics metrics) {
        this.server = server;
        this.processor = processor;
        this.options = options;
        this.virtualThreads = virtualThreads;
        this.timers = timers;
        this.connections = connections;
        this.inFlight = inFlight;
        this.metrics = metrics;
    }

    void start() {
        virtualThreads.execute(this::acceptLoop);
    }

    /** Stops accepting (the server closes the connections, which its other listeners share). */
    void close() {
        SocketBinder.closeQuietly(server);
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
        Executor concurrentQueries = options.handlerMayBlock() ? virtualThreads : null;
        TcpConnection connection = new TcpConnection(socket, processor, options, concurrentQueries, timers,
                inFlight, metrics);
        if (!connections.admit(connection)) {
            metrics.dropped(ServerMetrics.Drop.CONNECTION_CAP);
            SocketBinder.closeQuietly(socket);
            return;
        }
        try {
            virtualThreads.execute(() -> {
                try {
                    connection.run();
                } finally {
                    connections.remove(connection);
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            connection.close();
            connections.remove(connection);
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
