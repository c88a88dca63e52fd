package dev.jdns.transport.client;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The UDP socket of one upstream exchange, as {@link QuerySockets} opens it and {@link UdpExchange} uses it: bound,
 * connected to one server, one query sent, datagrams received until one is the reply, closed. Only these operations,
 * so that an implementation can make exactly the system calls they need ({@link QuerySocketProvider} says why there
 * is more than one). Used by one thread at a time.
 */
public interface QuerySocket extends Closeable {

    /**
     * Binds to the wildcard address of the socket's family at {@code port}, or at a port the kernel chooses when it
     * is 0.
     *
     * @throws java.net.BindException when the port is in use
     */
    void bind(int port) throws IOException;

    /** Connects to {@code server}: from then on the kernel delivers only its datagrams and reports ICMP errors. */
    void connect(InetSocketAddress server) throws IOException;

    /** The local address the kernel chose for the connected socket: ours, as the server sees it. */
    InetAddress localAddress() throws IOException;

    void send(byte[] wire) throws IOException;

    /**
     * Waits until {@code deadlineNanos} (a {@link System#nanoTime()} value) for one datagram and copies it into
     * {@code buffer}; a datagram larger than the buffer is cut to its length.
     *
     * @return the octets copied, or -1 when the deadline passed first
     * @throws java.net.PortUnreachableException when the server's host reported the port closed
     */
    int receive(byte[] buffer, long deadlineNanos) throws IOException;

    /** Where the datagram of the last successful {@link #receive} came from. */
    InetSocketAddress lastSource();
}
