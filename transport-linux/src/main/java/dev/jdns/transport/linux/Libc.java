package dev.jdns.transport.linux;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The C library's socket, epoll and mapping functions, called through the foreign function API: exactly the calls a
 * query socket and a listen socket need, each one system call. Every function that can fail also writes the thread's
 * {@code errno} into a call-state segment ({@link #CALL_STATE_SIZE} octets) that the caller passes first and reads
 * with {@link #errno}. Linux on x86-64 and AArch64 only (the layouts and constants below are theirs;
 * {@link NativeAccess#allowed()} checks the platform before this class is touched).
 */
final class Libc {

    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_NONBLOCK = 0x800;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int EPOLL_CLOEXEC = 0x80000;
    static final int EPOLL_CTL_ADD = 1;
    static final int EPOLL_CTL_MOD = 3;
    static final int EPOLLIN = 0x001;
    static final int EPOLLONESHOT = 1 << 30;
    static final int SOL_SOCKET = 1;
    static final int SO_RCVBUF = 8;
    static final int SO_REUSEPORT = 15;
    static final int SO_ATTACH_REUSEPORT_CBPF = 51;
    static final int IPPROTO_IPV6 = 41;
    static final int IPV6_V6ONLY = 26;
    static final int MSG_DONTWAIT = 0x40;
    static final int MSG_WAITFORONE = 0x10000;
    static final int SHUT_RD = 0;
    static final int PROT_READ = 1;
    static final int PROT_WRITE = 2;
    static final int MAP_PRIVATE = 2;
    static final int MAP_ANONYMOUS = 0x20;

    /** {@code struct iovec}: base pointer, length. */
    static final long IOVEC_SIZE = 16;
    /**
     * {@code struct mmsghdr}: a {@code struct msghdr} (name pointer, name length, iovec pointer, iovec count, control
     * pointer and length, flags; 56 octets) and the length of the datagram received or sent.
     */
    static final long MMSGHDR_SIZE = 64;
    static final long MSG_NAME = 0;
    static final long MSG_NAMELEN = 8;
    static final long MSG_IOV = 16;
    static final long MSG_IOVLEN = 24;
    static final long MSG_LEN = 56;

    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int EADDRINUSE = 98;
    static final int ECONNREFUSED = 111;

    /**
     * {@code struct epoll_event}: a 32-bit event mask, then 64 bits of caller data; packed on x86-64 (12 octets),
     * naturally aligned elsewhere (16).
     */
    static final long EPOLL_EVENT_SIZE;
    static final long EPOLL_EVENT_DATA_OFFSET;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    static final long CALL_STATE_SIZE = CALL_STATE.byteSize();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    static {
        boolean packed = System.getProperty("os.arch").equals("amd64") || System.getProperty("os.arch").equals("x86_64");
        EPOLL_EVENT_SIZE = packed ? 12 : 16;
        EPOLL_EVENT_DATA_OFFSET = packed ? 4 : 8;
    }

    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong L = ValueLayout.JAVA_LONG; // size_t and ssize_t on these LP64 platforms
    private static final ValueLayout P = ValueLayout.ADDRESS;

    /*
     * One holder class per function, so that a function is linked at its first call: each downcall handle costs
     * hundreds of KiB of generated classes and code, and a server that only listens (or a resolver before its
     * upstream queries move here) needs about half of them.
     */
    private static final class Socket {
        static final MethodHandle HANDLE = withErrno("socket", FunctionDescriptor.of(I, I, I, I));
    }

    private static final class Bind {
        static final MethodHandle HANDLE = withErrno("bind", FunctionDescriptor.of(I, I, P, I));
    }

    private static final class Connect {
        static final MethodHandle HANDLE = withErrno("connect", FunctionDescriptor.of(I, I, P, I));
    }

    private static final class Getsockname {
        static final MethodHandle HANDLE = withErrno("getsockname", FunctionDescriptor.of(I, I, P, P));
    }

    private static final class Send {
        static final MethodHandle HANDLE = withErrno("send", FunctionDescriptor.of(L, I, P, L, I));
    }

    private static final class Recvfrom {
        static final MethodHandle HANDLE = withErrno("recvfrom", FunctionDescriptor.of(L, I, P, L, I, P, P));
    }

    private static final class Close {
        static final MethodHandle HANDLE = withErrno("close", FunctionDescriptor.of(I, I));
    }

    private static final class EpollCreate1 {
        static final MethodHandle HANDLE = withErrno("epoll_create1", FunctionDescriptor.of(I, I));
    }

    private static final class EpollCtl {
        static final MethodHandle HANDLE = withErrno("epoll_ctl", FunctionDescriptor.of(I, I, I, I, P));
    }

    private static final class EpollWait {
        static final MethodHandle HANDLE = withErrno("epoll_wait", FunctionDescriptor.of(I, I, P, I, I));
    }

    private static final class Setsockopt {
        static final MethodHandle HANDLE = withErrno("setsockopt", FunctionDescriptor.of(I, I, I, I, P, I));
    }

    private static final class Shutdown {
        static final MethodHandle HANDLE = withErrno("shutdown", FunctionDescriptor.of(I, I, I));
    }

    private static final class Sendto {
        static final MethodHandle HANDLE = withErrno("sendto", FunctionDescriptor.of(L, I, P, L, I, P, I));
    }

    private static final class Recvmmsg {
        static final MethodHandle HANDLE = withErrno("recvmmsg", FunctionDescriptor.of(I, I, P, I, I, P));
    }

    private static final class Sendmmsg {
        static final MethodHandle HANDLE = withErrno("sendmmsg", FunctionDescriptor.of(I, I, P, I, I));
    }

    private static final class Mmap {
        static final MethodHandle HANDLE = withErrno("mmap", FunctionDescriptor.of(P, P, L, I, I, I, L));
    }

    private static final class Munmap {
        static final MethodHandle HANDLE = withErrno("munmap", FunctionDescriptor.of(I, P, L));
    }

    private Libc() {}

    private static MethodHandle withErrno(String name, FunctionDescriptor descriptor) {
        SymbolLookup libc = LINKER.defaultLookup();
        MemorySegment function = libc.find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("no " + name + " in the C library"));
        return LINKER.downcallHandle(function, descriptor, Linker.Option.captureCallState("errno"));
    }

    static int errno(MemorySegment callState) {
        return (int) ERRNO.get(callState, 0L);
    }

    static int socket(MemorySegment callState, int domain, int type, int protocol) {
        try {
            return (int) Socket.HANDLE.invokeExact(callState, domain, type, protocol);
        } catch (Throwable t) {
            throw failed(t);
        }
    }

    static int bind(MemorySegment callState, int fd, MemorySegment address, int length) {
        try {
            return (int) Bind.HANDLE.invokeExact(callState, fd, address, length);
        } catch (Throwable t) {
            throw failed(t);
        }
    }

    static int connect(MemorySegment callState, int fd, MemorySegment address, int length) {
        try {
            return (int) Connect.HANDLE.invokeExact(callState, fd, address, length);
        } catch (Throwable t) {
            throw failed(t);
        }
    }

    static int getsockname(MemorySegment callState, int fd, MemorySegment address, MemorySegment length) {
        try {
            return (int) Getsockname.HANDLE.invokeExact(callState, fd, address, length);
        } catch (Throwable t) {
            throw failed(t);
        }
    }

    static long send(MemorySegment callState, int fd, MemorySegment data, long length, int flags) {
        try {
            return (long) Send.HANDLE.invokeExact(callState, fd, data, length, flags);
        } catch (Throwable t) {
            throw failed(t);
        }
    }

    static long recvfrom(MemorySegment callState, int fd, MemorySegment data, long length, int flags,
            MemorySegment source, MemorySegment sourceLength) {
        try {
            return (long) Recvfrom.HANDLE.invokeExact(callState, fd, data, length, flags, source, sourceLength);
        } catch (Throwable t) {
            throw failed(t);
        }
    }

    static int close(MemorySegment callState, int fd) {
        try {
            return (int) Close.HANDLE.invokeExact(callState, fd);
        } catch (Throwable t) {
            throw failed(t);
        }
    }

    static int epollCreate1(MemorySegment callState, int flags) {
        try {
            return (int) EpollCreate1.HANDLE.invokeExact(callState, flags);
        } catch (Throwable t) {
            throw failed(t);
        }
    }

    static int epollCtl(MemorySegment callState, int epfd, int op, int fd, MemorySegment event) {
        try {
            return (int) EpollCtl.HANDLE.invokeExact(callState, epfd, op, fd, event);
        } catch (Throwable t) {
            throw failed(t);
        }
    }

    static int epollWait(MemorySegment callState, int epfd, MemorySegment events, int maxEvents, int timeoutMillis) {
        try {
            return (int) EpollWait.HANDLE.invokeExact(callState, epfd, events, maxEvents, timeoutMillis);
        } catch (Throwable t) {
            throw failed(t);
        }
    }

    static int setsockopt(MemorySegment callState, int fd, int level, int option, MemorySegment value, int length) {
        try {
            return (int) Setsockopt.HANDLE.invokeExact(callState, fd, level, option, value, length);
        } catch (Throwable t) {
            throw failed(t);
        }
    }

    static int shutdown(MemorySegment callState, int fd, int how) {
        try {
            return (int) Shutdown.HANDLE.invokeExact(callState, fd, how);
        } catch (Throwable t) {
            throw failed(t);
        }
    }

    static long sendto(MemorySegment callState, int fd, MemorySegment data, long length, int flags,
            MemorySegment target, int targetLength) {
        try {
            return (long) Sendto.HANDLE.invokeExact(callState, fd, data, length, flags, target, targetLength);
        } catch (Throwable t) {
            throw failed(t);
        }
    }

    /** recvmmsg with no timeout (a null pointer). */
    static int recvmmsg(MemorySegment callState, int fd, MemorySegment messages, int count, int flags) {
        try {
            return (int) Recvmmsg.HANDLE.invokeExact(callState, fd, messages, count, flags, MemorySegment.NULL);
        } catch (Throwable t) {
            throw failed(t);
        }
    }

    static int sendmmsg(MemorySegment callState, int fd, MemorySegment messages, int count, int flags) {
        try {
            return (int) Sendmmsg.HANDLE.invokeExact(callState, fd, messages, count, flags);
        } catch (Throwable t) {
            throw failed(t);
        }
    }

    /**
     * Private anonymous memory of {@code length} octets, readable and writable, or {@link MemorySegment#NULL}
     * (MAP_FAILED is all ones) with errno set. Its pages take room only once touched, where an {@link
     * java.lang.foreign.Arena}'s memory is zeroed, and so touched, at once.
     */
    static MemorySegment mapAnonymous(MemorySegment callState, long length) {
        try {
            MemorySegment mapped = (MemorySegment) Mmap.HANDLE.invokeExact(callState, MemorySegment.NULL, length,
                    PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0L);
            return mapped.address() == -1L ? MemorySegment.NULL : mapped.reinterpret(length);
        } catch (Throwable t) {
            throw failed(t);
        }
    }

    static int unmap(MemorySegment callState, MemorySegment mapped) {
        try {
            return (int) Munmap.HANDLE.invokeExact(callState, mapped, mapped.byteSize());
        } catch (Throwable t) {
            throw failed(t);
        }
    }

    /** A downcall throws only what the handle's own machinery throws: a bug here, never an I/O outcome. */
    private static IllegalStateException failed(Throwable t) {
        if (t instanceof Error error) {
            throw error;
        }
        return new IllegalStateException("native call failed", t);
    }
}
