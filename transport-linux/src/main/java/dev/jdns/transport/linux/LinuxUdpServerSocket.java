package dev.jdns.transport.linux;

import dev.jdns.transport.UdpServerSocket;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A listen socket on Linux system calls: {@code recvmmsg} takes every datagram queued (up to {@value #BATCH}) in one
 * call, and {@code sendmmsg} sends the batch's replies in one, where the JDK's channel makes a receive and a send per
 * query (Knot DNS batches the same way). A platform receiver blocks in {@code recvmmsg}; a virtual one reads without
 * blocking and, when nothing is queued, parks in {@link ReadinessPoller} and so never holds its carrier.
 *
 * <p>Native memory, per receiver: the batch's bookkeeping and one mapping for the datagrams ({@value #BATCH} slots of
 * {@value #SLOT} octets, so that any datagram fits, and {@value #SLOT} octets for the replies, packed), whose pages
 * take room only once a datagram has touched them. Both go with the receiver object, to the collector: a thread that
 * still holds it can never touch unmapped memory. The descriptor is closed when the last thread using it is done
 * ({@link #holds}), never under a call in progress, so that a reused number cannot take another socket's
 * datagrams.
 */
final class LinuxUdpServerSocket implements UdpServerSocket {

    /** Datagrams per receive and replies per send. */
    static final int BATCH = 16;
    /** Room for one datagram: any UDP payload fits. */
    private static final int SLOT = 65536;
    private static final long NAME_STRIDE = 32; // a sockaddr_in6 (28 octets), aligned

    // Classic BPF (linux/filter.h): a load of an ancillary word, two ALU operations on a constant, a return.
    private static final long BPF_INSTRUCTION = 8;
    private static final int BPF_LD_W_ABS = 0x20;
    private static final int BPF_ALU_ADD_K = 0x04;
    private static final int BPF_ALU_MOD_K = 0x94;
    private static final int BPF_RET_A = 0x16;
    private static final int SKF_AD_RANDOM = -0x1000 + 56; // SKF_AD_OFF + SKF_AD_RANDOM

    private final ReadinessPoller poller;
    private final int fd;
    private final int family;
    private final boolean portShared;
    /** One for the socket itself until it is closed, and one per call in progress. */
    private final AtomicInteger holds = new AtomicInteger(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The virtual receiver's readiness, made at its first wait. */
    private volatile ReadinessPoller.Waiter waiter;

    private LinuxUdpServerSocket(ReadinessPoller poller, int fd, int family, boolean portShared) {
        this.poller = poller;
        this.fd = fd;
        this.family = family;
        this.portShared = portShared;
    }

    static LinuxUdpServerSocket bind(InetSocketAddress address, boolean sharePort, int receiveBufferBytes)
            throws IOException {
        return bind(ReadinessPoller.shared(), address, sharePort, receiveBufferBytes);
    }

    /** @param poller where a virtual receiver waits (a test's own, to see what happens when it has stopped) */
    static LinuxUdpServerSocket bind(ReadinessPoller poller, InetSocketAddress address, boolean sharePort,
            int receiveBufferBytes) throws IOException {
        MemorySegment callState = Arena.ofAuto().allocate(Libc.CALL_STATE_SIZE, 8);
        int family = address.getAddress() instanceof Inet6Address ? Libc.AF_INET6 : Libc.AF_INET;
        int fd = Libc.socket(callState, family, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new IOException("socket: errno " + Libc.errno(callState));
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(ValueLayout.JAVA_INT);
            if (sharePort) {
                setOption(callState, fd, Libc.SOL_SOCKET, Libc.SO_REUSEPORT, value, 1, "SO_REUSEPORT");
            }
            setOption(callState, fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, value, receiveBufferBytes, "SO_RCVBUF");
            if (family == Libc.AF_INET6) {
                // Both families on the IPv6 wildcard, as the JDK's sockets do, whatever the system's default.
                setOption(callState, fd, Libc.IPPROTO_IPV6, Libc.IPV6_V6ONLY, value, 0, "IPV6_V6ONLY");
            }
            MemorySegment name = arena.allocate(SocketAddresses.MAX_SIZE, 8);
            int length = SocketAddresses.write(name, address);
            if (Libc.bind(callState, fd, name, length) < 0) {
                int errno = Libc.errno(callState);
                throw errno == Libc.EADDRINUSE ? new BindException("Address already in use")
                        : new IOException("bind: errno " + errno);
            }
            return new LinuxUdpServerSocket(poller, fd, family, sharePort);
        } catch (IOException | RuntimeException e) {
            Libc.close(callState, fd);
            throw e;
        }
    }

    private static void setOption(MemorySegment callState, int fd, int level, int option, MemorySegment value,
            int wanted, String name) throws IOException {
        value.set(ValueLayout.JAVA_INT, 0, wanted);
        if (Libc.setsockopt(callState, fd, level, option, value, Integer.BYTES) < 0) {
            throw new IOException("setsockopt " + name + ": errno " + Libc.errno(callState));
        }
    }

    /** Points message {@code i} at its own name and its own single iovec. */
    private static void point(MemorySegment messages, int i, MemorySegment names, MemorySegment vectors) {
        long message = i * Libc.MMSGHDR_SIZE;
        messages.set(ValueLayout.ADDRESS, message + Libc.MSG_NAME, names.asSlice(i * NAME_STRIDE, NAME_STRIDE));
        MemorySegment vector = vectors.asSlice(i * Libc.IOVEC_SIZE, Libc.IOVEC_SIZE);
        messages.set(ValueLayout.ADDRESS, message + Libc.MSG_IOV, vector);
        messages.set(ValueLayout.JAVA_LONG, message + Libc.MSG_IOVLEN, 1);
    }

    private static void unmap(long address, long length) {
        try (Arena arena = Arena.ofConfined()) {
            Libc.unmap(arena.allocate(Libc.CALL_STATE_SIZE, 8), MemorySegment.ofAddress(address).reinterpret(length));
        }
    }

    @Override
    public boolean portShared() {
        return portShared;
    }

    @Override
    public Receiver receiver() {
        return new BatchReceiver();
    }

    @Override
    public void send(byte[] message, InetSocketAddress client) throws IOException {
        if (!hold()) {
            throw new IOException("socket closed");
        }
        Scratch scratch = Scratch.take();
        try {
            MemorySegment data = scratch.data(message.length);
            MemorySegment.copy(message, 0, data, ValueLayout.JAVA_BYTE, 0, message.length);
            int nameLength = SocketAddresses.writeFor(scratch.address, family, client);
            if (Libc.sendto(scratch.callState, fd, data, message.length, 0, scratch.address, nameLength) < 0) {
                throw new IOException("sendto " + client + ": errno " + Libc.errno(scratch.callState));
            }
        } finally {
            scratch.give();
            release();
        }
    }

    /**
     * Attaches to the socket's SO_REUSEPORT group a classic BPF program that picks, for each datagram, one of the
     * {@code count} sockets from position {@code first} on at random (the kernel keeps the group's sockets in the
     * order they joined, and falls back to its hash for an index past the last).
     */
    void steerGroup(int first, int count) throws IOException {
        if (!hold()) {
            throw new IOException("socket closed");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment program = arena.allocate(BPF_INSTRUCTION * 4, 8);
            instruction(program, 0, BPF_LD_W_ABS, SKF_AD_RANDOM);   // A = a random 32-bit number
            instruction(program, 1, BPF_ALU_MOD_K, count);          // A %= count
            instruction(program, 2, BPF_ALU_ADD_K, first);          // A += first
            instruction(program, 3, BPF_RET_A, 0);                  // the index of the socket
            MemorySegment fprog = arena.allocate(16, 8);            // struct sock_fprog: length, then the pointer
            fprog.set(ValueLayout.JAVA_SHORT, 0, (short) 4);
            fprog.set(ValueLayout.ADDRESS, 8, program);
            MemorySegment callState = arena.allocate(Libc.CALL_STATE_SIZE, 8);
            if (Libc.setsockopt(callState, fd, Libc.SOL_SOCKET, Libc.SO_ATTACH_REUSEPORT_CBPF, fprog, 16) < 0) {
                throw new IOException("setsockopt SO_ATTACH_REUSEPORT_CBPF: errno " + Libc.errno(callState));
            }
        } finally {
            release();
        }
    }

    /** {@code struct sock_filter}: a 16-bit opcode, two 8-bit jump offsets, a 32-bit constant. */
    private static void instruction(MemorySegment program, int index, int opcode, int constant) {
        long offset = index * BPF_INSTRUCTION;
        program.set(ValueLayout.JAVA_SHORT, offset, (short) opcode);
        program.set(ValueLayout.JAVA_INT, offset + 4, constant);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            // Wakes a receiver blocked in recvmmsg (or its poller, which then sees the socket readable); on a UDP
            // socket Linux answers ENOTCONN but does it all the same.
            Libc.shutdown(arena.allocate(Libc.CALL_STATE_SIZE, 8), fd, Libc.SHUT_RD);
        }
        release();
    }

    private boolean hold() {
        while (true) {
            int current = holds.get();
            if (current == 0 || closed.get()) {
                return false;
            }
            if (holds.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    private void release() {
        if (holds.decrementAndGet() == 0) {
            try (Arena arena = Arena.ofConfined()) {
                if (waiter != null) {
                    poller.forget(waiter);
                }
                Libc.close(arena.allocate(Libc.CALL_STATE_SIZE, 8), fd);
            }
        }
    }

    /** One receiver thread's batches and their native memory. */
    private final class BatchReceiver implements Receiver {
        private final MemorySegment callState;
        private final MemorySegment event;
        private final MemorySegment slots;
        private final MemorySegment replyData;
        private final MemorySegment inMessages;
        private final MemorySegment inNames;
        private final MemorySegment outMessages;
        private final MemorySegment outVectors;
        private final MemorySegment outNames;
        private boolean armedBefore;
        private int queued;
        private long replyBytes;

        BatchReceiver() {
            Arena arena = Arena.ofAuto();
            callState = arena.allocate(Libc.CALL_STATE_SIZE, 8);
            event = arena.allocate(Libc.EPOLL_EVENT_SIZE, 8);
            long mappedLength = (long) SLOT * (BATCH + 1);
            MemorySegment mapped = Libc.mapAnonymous(callState, mappedLength);
            if (mapped.equals(MemorySegment.NULL)) {
                throw new IllegalStateException("mmap: errno " + Libc.errno(callState));
            }
            // Unmapped once the receiver is unreachable: the cleanup holds the address only, not a segment of it.
            long address = mapped.address();
            mapped = mapped.reinterpret(mappedLength, arena, unused -> unmap(address, mappedLength));
            slots = mapped.asSlice(0, (long) SLOT * BATCH);
            replyData = mapped.asSlice((long) SLOT * BATCH, SLOT);
            inMessages = arena.allocate(Libc.MMSGHDR_SIZE * BATCH, 8);
            MemorySegment inVectors = arena.allocate(Libc.IOVEC_SIZE * BATCH, 8);
            inNames = arena.allocate(NAME_STRIDE * BATCH, 8);
            outMessages = arena.allocate(Libc.MMSGHDR_SIZE * BATCH, 8);
            outVectors = arena.allocate(Libc.IOVEC_SIZE * BATCH, 8);
            outNames = arena.allocate(NAME_STRIDE * BATCH, 8);
            for (int i = 0; i < BATCH; i++) {
                long vector = i * Libc.IOVEC_SIZE;
                inVectors.set(ValueLayout.ADDRESS, vector, slots.asSlice((long) SLOT * i, SLOT));
                inVectors.set(ValueLayout.JAVA_LONG, vector + 8, SLOT);
                point(inMessages, i, inNames, inVectors);
                point(outMessages, i, outNames, outVectors);
            }
        }

        @Override
        public int receive() throws IOException {
            if (!hold()) {
                return 0;
            }
            try {
                for (int i = 0; i < BATCH; i++) {
                    long message = i * Libc.MMSGHDR_SIZE;
                    inMessages.set(ValueLayout.JAVA_INT, message + Libc.MSG_NAMELEN, (int) NAME_STRIDE);
                }
                boolean virtual = Thread.currentThread().isVirtual();
                while (true) {
                    int received = Libc.recvmmsg(callState, fd, inMessages, BATCH,
                            virtual ? Libc.MSG_DONTWAIT : Libc.MSG_WAITFORONE);
                    if (closed.get()) {
                        return 0; // woken by close()'s shutdown, or it came in the meantime
                    }
                    if (received > 0) {
                        return received;
                    }
                    int errno = Libc.errno(callState);
                    if (virtual && errno == Libc.EAGAIN) {
                        virtual = awaitReadable();
                    } else if (errno != Libc.EINTR) {
                        throw new IOException("recvmmsg: errno " + errno);
                    }
                }
            } finally {
                release();
            }
        }

        /**
         * Parks until the socket is readable; false when the poller has stopped (it failed), and the receive then
         * blocks in the kernel instead, holding its carrier, rather than have the listener stop or spin.
         */
        private boolean awaitReadable() {
            ReadinessPoller.Waiter readiness = waiter;
            if (readiness == null) {
                readiness = new ReadinessPoller.Waiter(fd);
                waiter = readiness;
            }
            boolean again = armedBefore;
            armedBefore = true;
            try {
                poller.await(readiness, again, event, callState);
                return true;
            } catch (IOException pollerStopped) {
                return false;
            }
        }

        @Override
        public byte[] datagram(int index) {
            int length = inMessages.get(ValueLayout.JAVA_INT, index * Libc.MMSGHDR_SIZE + Libc.MSG_LEN);
            byte[] datagram = new byte[length];
            MemorySegment.copy(slots, ValueLayout.JAVA_BYTE, (long) SLOT * index, datagram, 0, length);
            return datagram;
        }

        @Override
        public InetSocketAddress source(int index) {
            return SocketAddresses.read(inNames.asSlice(index * NAME_STRIDE, NAME_STRIDE));
        }

        @Override
        public void reply(byte[] message, InetSocketAddress client) throws IOException {
            if (queued == BATCH || replyBytes + message.length > replyData.byteSize()) {
                flush();
            }
            long vector = queued * Libc.IOVEC_SIZE;
            MemorySegment data = replyData.asSlice(replyBytes, message.length);
            MemorySegment.copy(message, 0, data, ValueLayout.JAVA_BYTE, 0, message.length);
            outVectors.set(ValueLayout.ADDRESS, vector, data);
            outVectors.set(ValueLayout.JAVA_LONG, vector + 8, message.length);
            MemorySegment name = outNames.asSlice(queued * NAME_STRIDE, NAME_STRIDE);
            int nameLength = SocketAddresses.writeFor(name, family, client);
            outMessages.set(ValueLayout.JAVA_INT, queued * Libc.MMSGHDR_SIZE + Libc.MSG_NAMELEN, nameLength);
            queued++;
            replyBytes += message.length;
        }

        @Override
        public void flush() throws IOException {
            int count = queued;
            queued = 0;
            replyBytes = 0;
            if (count == 0 || !hold()) {
                return;
            }
            try {
                int next = 0;
                int failed = 0;
                int lastErrno = 0;
                while (next < count) {
                    int sent = Libc.sendmmsg(callState, fd, outMessages.asSlice(next * Libc.MMSGHDR_SIZE),
                            count - next, 0);
                    if (sent > 0) {
                        next += sent;
                        continue;
                    }
                    int errno = Libc.errno(callState);
                    if (errno != Libc.EINTR) {
                        // The reply at next could not go (an address the kernel refuses, say): the rest still can.
                        next++;
                        failed++;
                        lastErrno = errno;
                    }
                }
                if (failed > 0) {
                    throw new IOException(
                            "sendmmsg: " + failed + " of " + count + " replies not sent, errno " + lastErrno);
                }
            } finally {
                release();
            }
        }
    }
}
