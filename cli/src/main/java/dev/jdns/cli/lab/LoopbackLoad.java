package dev.jdns.cli.lab;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A bounded load of DNS queries to servers on loopback, with many in flight, as a load generator sends them: a
 * few UDP clients, each sending a window of queries and then reading their replies, and one TCP client asking
 * one question at a time on a connection of its own (a new one when the server changes). It stops at
 * {@code maxQueries} sent or at the deadline, whichever comes first; a reply that does not come within {@link #REPLY_WAIT_MILLIS} is given up. What it counts
 * is what was answered; it does not judge the answers (the servers' tests do).
 *
 * <p>Its purpose is to make the JIT compile a server's hot path before real clients come, so the server must see
 * what a busy server sees: many queries at once on several sockets, and some over TCP.
 */
public final class LoopbackLoad {

    /** UDP sockets asking at once: enough that the server's receivers always find work, as under dnsperf. */
    static final int UDP_CLIENTS = 4;
    /** Queries each UDP client sends before it reads their replies. */
    static final int WINDOW = 32;
    /** Long enough for an answer that needs a few upstream queries on a loaded machine; short enough to go on. */
    static final int REPLY_WAIT_MILLIS = 200;
    private static final int MAX_REPLY = 65_535;

    private final IntFunction<Probe> queries;
    private final int maxQueries;
    private final long deadlineNanos;
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();

    private LoopbackLoad(IntFunction<Probe> queries, int maxQueries, long deadlineNanos) {
        this.queries = queries;
        this.maxQueries = maxQueries;
        this.deadlineNanos = deadlineNanos;
    }

    /** A query in wire form and the loopback server it goes to. */
    public record Probe(InetSocketAddress target, byte[] wire) {
        public Probe {
            if (!target.getAddress().isLoopbackAddress()) {
                throw new IllegalArgumentException("load goes to loopback only, not to " + target);
            }
        }
    }

    /** How many queries were sent and how many answered. */
    public record Tally(int sent, int answered) {}

    /**
     * Sends the load and returns when it is done (every client thread ended, every socket closed).
     *
     * @param queries the query numbered {@code i} (from 0), asked for once per query sent; query IDs need not
     *                differ, replies are counted, not matched
     */
    public static Tally run(IntFunction<Probe> queries, int maxQueries, long deadlineNanos)
            throws InterruptedException {
        LoopbackLoad load = new LoopbackLoad(queries, maxQueries, deadlineNanos);
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < UDP_CLIENTS; i++) {
            clients.add(Thread.ofPlatform().name("warm-up-udp-" + i).start(load::udpClient));
        }
        clients.add(Thread.ofPlatform().name("warm-up-tcp").start(load::tcpClient));
        try {
            for (Thread client : clients) {
                client.join();
            }
        } catch (InterruptedException e) {
            clients.forEach(Thread::interrupt); // each ends at its next reply wait
            for (Thread client : clients) {
                client.join();
            }
            throw e;
        }
        return new Tally(Math.min(load.sent.get(), maxQueries), load.answered.get());
    }

    /** The next query's number, or -1 when the count or the time is used up (or the thread is interrupted). */
    private int next() {
        if (System.nanoTime() - deadlineNanos >= 0 || Thread.currentThread().isInterrupted()) {
            return -1;
        }
        int number = sent.getAndIncrement();
        return number < maxQueries ? number : -1;
    }

    private void udpClient() {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setSoTimeout(REPLY_WAIT_MILLIS);
            byte[] reply = new byte[MAX_REPLY];
            boolean more = true;
            while (more) {
                int inFlight = 0;
                for (; inFlight < WINDOW; inFlight++) {
                    int number = next();
                    if (number < 0) {
                        more = false;
                        break;
                    }
                    Probe probe = queries.apply(number);
                    socket.send(new DatagramPacket(probe.wire(), probe.wire().length, probe.target()));
                }
                answered.addAndGet(receive(socket, reply, inFlight));
            }
        } catch (IOException e) {
            // a socket that fails ends this client; the others go on
        }
    }

    /** Reads up to {@code expected} replies; stops early at the first wait that times out (lost or dropped). */
    private static int receive(DatagramSocket socket, byte[] buffer, int expected) throws IOException {
        for (int received = 0; received < expected; received++) {
            try {
                socket.receive(new DatagramPacket(buffer, buffer.length));
            } catch (SocketTimeoutException e) {
                return received;
            }
        }
        return expected;
    }

    /** One question at a time (RFC 7766 framing: a two-octet length before each message). */
    private void tcpClient() {
        Socket socket = null;
        try {
            for (int number = next(); number >= 0; number = next()) {
                Probe probe = queries.apply(number);
                if (socket == null || !socket.getRemoteSocketAddress().equals(probe.target())) {
                    closeQuietly(socket);
                    socket = new Socket(probe.target().getAddress(), probe.target().getPort());
                    socket.setSoTimeout(REPLY_WAIT_MILLIS);
                }
                var out = new DataOutputStream(socket.getOutputStream());
                out.writeShort(probe.wire().length);
                out.write(probe.wire());
                out.flush();
                var in = new DataInputStream(socket.getInputStream());
                in.readFully(new byte[in.readUnsignedShort()]);
                answered.incrementAndGet();
            }
        } catch (IOException e) {
            // a timeout or a closed connection ends the TCP part; UDP goes on
        } finally {
            closeQuietly(socket);
        }
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing is all that was left to do with it
            }
        }
    }
}
