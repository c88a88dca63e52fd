package dev.jdns.cli.control;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;

/**
 * {@code --control PATH}: serves the control protocol on a Unix domain socket (see {@link ControlSocket} for how
 * the socket is made private). One request per connection, each on a virtual thread of its own:
 *
 * <pre>
 * request:  COMMAND [ARG]...\n          UTF-8, at most {@value #MAX_REQUEST_BYTES} bytes
 *           [data lines]                only load-cache: the dump's lines, until the client shuts down its output
 * reply:    ok\n | error: MESSAGE\n     the status line
 *           [body lines]                after ok: what the command prints
 *           (the server closes the connection)
 * </pre>
 *
 * Every read and write must complete within {@link #IO_TIMEOUT}; at most {@value #MAX_CONNECTIONS} requests are
 * served at once and further connections are closed unanswered.
 */
public final class ControlServer implements AutoCloseable {

    private static final Logger LOG = System.getLogger(ControlServer.class.getName());

    static final int MAX_REQUEST_BYTES = 1024;
    /** A dump line: an RRSIG or a large TXT record fits; nothing a DNS message can carry is longer. */
    static final int MAX_DATA_LINE_BYTES = 256 * 1024;
    static final Duration IO_TIMEOUT = Duration.ofSeconds(5);
    static final int MAX_CONNECTIONS = 8;
    /** What is read and dropped after a reply at most (see {@link #drainAfterReply}). */
    static final int MAX_DRAINED_BYTES = 1024 * 1024;

    private final ControlSocket socket;
    private final ControlCommands commands;
    private final ExecutorService connections =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("jdns-control-", 0).factory());
    private final ScheduledExecutorService timers = new ScheduledThreadPoolExecutor(1,
            Thread.ofPlatform().daemon().name("jdns-control-timer").factory());
    private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
    private final Thread acceptor;

    private ControlServer(ControlSocket socket, ControlCommands commands) {
        this.socket = socket;
        this.commands = commands;
        ((ScheduledThreadPoolExecutor) timers).setRemoveOnCancelPolicy(true);
        this.acceptor = Thread.ofPlatform().daemon().name("jdns-control").start(this::acceptLoop);
    }

    /**
     * Binds {@code path} and starts serving {@code commands}.
     *
     * @throws IOException when a live server already listens there, or the socket cannot be made
     */
    public static ControlServer start(Path path, ControlCommands commands) throws IOException {
        return new ControlServer(ControlSocket.bind(path), commands);
    }

    public Path path() {
        return socket.path();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        connections.shutdownNow();
        timers.shutdownNow();
        try {
            acceptor.join(IO_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (true) {
            SocketChannel client;
            try {
                client = socket.accept();
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                LOG.log(Level.WARNING, "control socket: " + e.getMessage());
                continue;
            }
            if (!slots.tryAcquire()) {
                closeQuietly(client); // a flood of connections: the operator's next try gets through
                continue;
            }
            try {
                connections.execute(() -> {
                    try {
                        serve(client);
                    } finally {
                        slots.release();
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                slots.release();
                closeQuietly(client);
            }
        }
    }

    private void serve(SocketChannel client) {
        Runnable afterReply = null;
        try (client) {
            Watchdog watchdog = new Watchdog(client, timers, IO_TIMEOUT);
            InputStream guarded = watchdog.guard(Channels.newInputStream(client));
            LineInput in = new LineInput(guarded);
            Writer out = new OutputStreamWriter(new BufferedOutputStream(
                    watchdog.guard(Channels.newOutputStream(client))), StandardCharsets.UTF_8);
            ControlReply reply = new ControlReply(out);
            try {
                String request = in.readLine(MAX_REQUEST_BYTES);
                if (request == null) {
                    return; // a probe (another server checking whether this one is alive)
                }
                afterReply = commands.run(request, in, reply);
                reply.finish();
            } catch (ControlException e) {
                reply.fail(e.getMessage());
            } catch (RuntimeException bug) {
                LOG.log(Level.ERROR, "control command failed", bug);
                reply.fail("internal error: " + bug);
            }
            drainAfterReply(client, guarded);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "control connection: " + e.getMessage());
        }
        if (afterReply != null) {
            afterReply.run(); // stop: after the client has its reply
        }
    }

    /**
     * After an error the client may still be sending (the rest of a line over the limit, a dump): closing with its
     * data unread would reset the connection, and the client could lose the reply before reading it. So the reply
     * ends with our side shut, and what comes after it is read and dropped until the client closes, within the
     * watchdog's time and {@value #MAX_DRAINED_BYTES} bytes.
     */
    private static void drainAfterReply(SocketChannel client, InputStream in) throws IOException {
        client.shutdownOutput();
        byte[] sink = new byte[8192];
        long drained = 0;
        for (int read = in.read(sink); read >= 0 && drained < MAX_DRAINED_BYTES; read = in.read(sink)) {
            drained += read;
        }
    }

    private static void closeQuietly(SocketChannel client) {
        try {
            client.close();
        } catch (IOException ignored) {
            // nothing more to do
        }
    }
}
