package dev.jdns.transport.linux;

import dev.jdns.transport.client.QuerySocket;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;

/**
 * A query socket made of the system calls a C resolver makes for one upstream query: socket (non-blocking), bind,
 * connect, getsockname when the cookie needs our address, send, recvfrom, close, and when the reply is not there
 * yet one epoll arming and one more recvfrom. The wait parks the calling (virtual) thread in
 * {@link ReadinessPoller}, never blocking its carrier. Its native memory is one {@link Scratch} block, returned when
 * the socket closes.
 */
final class LinuxQuerySocket implements QuerySocket {

    private final ReadinessPoller poller;
    private final Scratch scratch;
    private final int family;
    private final ReadinessPoller.Waiter waiter;
    private boolean armedBefore;
    private InetSocketAddress lastSource;
    private boolean closed;

    private LinuxQuerySocket(ReadinessPoller poller, Scratch scratch, int family, int fd) {
        this.poller = poller;
        this.scratch = scratch;
        this.family = family;
        this.waiter = new ReadinessPoller.Waiter(fd);
    }

    static LinuxQuerySocket open(ReadinessPoller poller, int family) throws IOException {
        Scratch scratch = Scratch.take();
        int fd = Libc.socket(scratch.callState, family, Libc.SOCK_DGRAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            int errno = Libc.errno(scratch.callState);
            scratch.give();
            throw new IOException("socket: errno " + errno);
        }
        return new LinuxQuerySocket(poller, scratch, family, fd);
    }

    @Override
    public void bind(int port) throws IOException {
        int length = SocketAddresses.writeWildcard(scratch.address, family, port);
        if (Libc.bind(scratch.callState, waiter.fd, scratch.address, length) < 0) {
            int errno = Libc.errno(scratch.callState);
            if (errno == Libc.EADDRINUSE) {
                throw new BindException("port " + port + " in use");
            }
            throw new IOException("bind: errno " + errno);
        }
    }

    @Override
    public void connect(InetSocketAddress server) throws IOException {
        int length = SocketAddresses.write(scratch.address, server);
        if (Libc.connect(scratch.callState, waiter.fd, scratch.address, length) < 0) {
            throw new IOException("connect to " + server + ": errno " + Libc.errno(scratch.callState));
        }
    }

    @Override
    public InetAddress localAddress() throws IOException {
        scratch.addressLength.set(ValueLayout.JAVA_INT, 0, SocketAddresses.MAX_SIZE);
        if (Libc.getsockname(scratch.callState, waiter.fd, scratch.address, scratch.addressLength) < 0) {
            throw new IOException("getsockname: errno " + Libc.errno(scratch.callState));
        }
        return SocketAddresses.read(scratch.address).getAddress();
    }

    @Override
    public void send(byte[] wire) throws IOException {
        MemorySegment data = scratch.data(wire.length);
        MemorySegment.copy(wire, 0, data, ValueLayout.JAVA_BYTE, 0, wire.length);
        long sent = Libc.send(scratch.callState, waiter.fd, data, wire.length, 0);
        if (sent < 0) {
            int errno = Libc.errno(scratch.callState);
            throw errno == Libc.ECONNREFUSED ? new PortUnreachableException("send: port unreachable")
                    : new IOException("send: errno " + errno);
        }
    }

    @Override
    public int receive(byte[] buffer, long deadlineNanos) throws IOException {
        if (deadlineNanos - System.nanoTime() <= 0) {
            // Checked before reading: datagrams that keep coming (forgeries from the server's address, discarded one by
            // one by the exchange) must not keep the exchange alive past its deadline.
            return -1;
        }
        MemorySegment data = scratch.data(buffer.length);
        // A read first: a server on this host or the next answers within the microseconds it took to get here, and
        // a reply already there then costs no park, no wake-up and no timer (a virtual thread's timed park arms one
        // in the scheduler, whose thread is woken to set it and to cancel it).
        boolean readable = true;
        while (readable) {
            scratch.addressLength.set(ValueLayout.JAVA_INT, 0, SocketAddresses.MAX_SIZE);
            long length = Libc.recvfrom(scratch.callState, waiter.fd, data, buffer.length, 0, scratch.address,
                    scratch.addressLength);
            if (length >= 0) {
                MemorySegment.copy(data, ValueLayout.JAVA_BYTE, 0, buffer, 0, (int) length);
                lastSource = SocketAddresses.read(scratch.address);
                return (int) length;
            }
            int errno = Libc.errno(scratch.callState);
            if (errno == Libc.ECONNREFUSED) {
                throw new PortUnreachableException("recvfrom: port unreachable");
            }
            if (errno == Libc.EAGAIN) {
                readable = awaitReadable(deadlineNanos);
            } else if (errno != Libc.EINTR) {
                throw new IOException("recvfrom: errno " + errno);
            }
        }
        return -1;
    }

    private boolean awaitReadable(long deadlineNanos) throws IOException {
        boolean again = armedBefore;
        armedBefore = true;
        return poller.await(waiter, again, scratch.event, scratch.callState, deadlineNanos);
    }

    @Override
    public InetSocketAddress lastSource() {
        return lastSource;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        poller.forget(waiter);
        int result = Libc.close(scratch.callState, waiter.fd); // also takes the descriptor out of the epoll set
        int errno = Libc.errno(scratch.callState);
        scratch.give();
        if (result < 0 && errno != Libc.EINTR) { // after EINTR the descriptor is closed all the same on Linux
            throw new IOException("close: errno " + errno);
        }
    }
}
