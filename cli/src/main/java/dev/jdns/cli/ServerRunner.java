package dev.jdns.cli;

import dev.jdns.transport.DnsServer;
import dev.jdns.transport.ListenException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * Runs long-lived servers the same way for every command: start, print one line saying where they listen, serve
 * until SIGTERM or Ctrl-C (the JVM's shutdown hook closes them), and turn a failure to start into one line and a
 * non-zero exit.
 */
final class ServerRunner {

    /** Exit code when a server cannot start (port in use, no permission, bad zone). */
    static final int CANNOT_START = 1;

    private static final int FIRST_UNPRIVILEGED_PORT = 1024;

    private ServerRunner() {}

    /**
     * Starts {@code server}; on failure prints one line to {@code err} and returns false.
     *
     * @param what a short label for messages ("jdns serve")
     */
    static boolean start(String what, DnsServer server, PrintWriter err) {
        try {
            server.start();
            return true;
        } catch (ListenException e) {
            err.println(what + ": " + e.getMessage() + hint(e));
            return false;
        }
    }

    /** A request to stop that does not come from a signal: {@code jdns control stop}. */
    static final class StopRequest {
        private final CountDownLatch requested = new CountDownLatch(1);

        void request() {
            requested.countDown();
        }
    }

    static int serveUntilStopped(List<? extends AutoCloseable> resources) {
        return serveUntilStopped(resources, new StopRequest());
    }

    /**
     * Blocks until the process is asked to stop (SIGTERM, Ctrl-C, {@code stop}), or the calling thread is interrupted
     * (a host program or a test embedding the command), then closes {@code resources} in order.
     */
    static int serveUntilStopped(List<? extends AutoCloseable> resources, StopRequest stop) {
        CountDownLatch closedByHook = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            closeAll(resources);
            closedByHook.countDown();
            stop.request();
        }, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stop.requested.await();
            if (closedByHook.getCount() > 0) {
                stopWithoutExiting(hook, resources); // asked over the control socket: close as the hook would
            }
        } catch (InterruptedException e) {
            stopWithoutExiting(hook, resources);
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** The JVM keeps running: the hook would otherwise pile up and close these resources again at exit. */
    private static void stopWithoutExiting(Thread hook, List<? extends AutoCloseable> resources) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException exiting) {
            return; // the JVM is shutting down after all: the hook closes everything
        }
        closeAll(resources);
    }

    static void closeAll(List<? extends AutoCloseable> resources) {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("jdns: error while stopping: " + e.getMessage());
            }
        }
    }

    /** "127.0.0.1:53 (udp+tcp), [::1]:53 (udp+tcp)" */
    static String describe(List<InetSocketAddress> addresses) {
        return addresses.stream().map(ServerRunner::hostPort).collect(Collectors.joining(", ")) + " (udp+tcp)";
    }

    static String hostPort(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** The usual fixes, said once so users need not search for them. */
    static String hint(ListenException e) {
        String message = e.getMessage();
        int port = e.address().getPort();
        if (message.contains("permission denied") && port < FIRST_UNPRIVILEGED_PORT) {
            return " (ports below 1024 need root or CAP_NET_BIND_SERVICE; try --listen "
                    + e.address().getAddress().getHostAddress() + ":" + (5300 + port % 100) + ")";
        }
        if (message.contains("already in use")) {
            return " (another DNS server is running there? choose another --listen)";
        }
        return "";
    }
}
