package dev.jdns.transport;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * One bound UDP socket of a server's listen address, as {@link UdpListener} uses it: each receiver thread reads it
 * through a {@link Receiver} of its own, which takes datagrams in and sends replies out in batches where the
 * platform can (one system call for many datagrams each way), one at a time elsewhere. Why batches: a query answered
 * from memory costs two system calls, a receive and a send, and on this project's machines those were most of its
 * CPU (docs/performance.md, "A listener on Linux system calls").
 */
public interface UdpServerSocket extends Closeable {

    /** Whether the socket was bound with SO_REUSEPORT, so that more sockets can share its address. */
    boolean portShared();

    /**
     * A receiver for one thread. Platform threads may share a socket, each with its own receiver; a virtual thread's
     * receiver should be the socket's only one (an implementation may wait for readiness per socket, not per thread).
     */
    Receiver receiver();

    /** Sends {@code message} to {@code client} now, from any thread (a reply made on a query's own thread). */
    void send(byte[] message, InetSocketAddress client) throws IOException;

    /** Closes the socket; a {@link Receiver#receive} in progress returns 0. */
    @Override
    void close();

    /** One thread's batches: used by that thread only. */
    interface Receiver {

        /**
         * Waits for a datagram, then takes those already queued behind it, as many as one batch holds; parks a
         * virtual caller without blocking its carrier.
         *
         * @return how many datagrams were taken (at least one), or 0 once the socket is closed
         */
        int receive() throws IOException;

        /** A copy of the {@code index}th datagram of the last {@link #receive}. */
        byte[] datagram(int index);

        /** Where the {@code index}th datagram came from; null for an address of no family a listener serves. */
        InetSocketAddress source(int index);

        /** Sends {@code message} to {@code client} now, or with the batch at the next {@link #flush}. */
        void reply(byte[] message, InetSocketAddress client) throws IOException;

        /** Sends the replies of the batch not sent yet; called after each batch is handled. */
        void flush() throws IOException;
    }
}
