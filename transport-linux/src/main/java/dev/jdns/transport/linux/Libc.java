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
 * The C library's socket and epoll functions, called through the foreign function API: exactly the calls a query
 * socket needs, each one system call. Every function that can fail also writes the thread's {@code errno} into a
 * call-state segment ({@link #CALL_STATE_SIZE} octets) that the caller passes first and reads with {@link #errno}.
 * Linux on x86-64 and AArch64 only (the layouts and constants below are theirs; {@link LinuxQuerySockets#usable()}
 * checks the platform before this class is touched).
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

    private static final MethodHandle SOCKET;
    private static final MethodHandle BIND;
    private static final MethodHandle CONNECT;
    private static final MethodHandle GETSOCKNAME;
    private static final MethodHandle SEND;
    private static final MethodHandle RECVFROM;
    private static final MethodHandle CLOSE;
    private static final MethodHandle EPOLL_CREATE1;
    private static final MethodHandle EPOLL_CTL;
    private static final MethodHandle EPOLL_WAIT;

    static {
        boolean packed = System.getProperty("os.arch").equals("amd64") || System.getProperty("os.arch").equals("x86_64");
        EPOLL_EVENT_SIZE = packed ? 12 : 16;
        EPOLL_EVENT_DATA_OFFSET = packed ? 4 : 8;
        ValueLayout.OfInt i = ValueLayout.JAVA_INT;
        ValueLayout.OfLong l = ValueLayout.JAVA_LONG; // size_t and ssize_t on these LP64 platforms
        ValueLayout p = ValueLayout.ADDRESS;
        SOCKET = withErrno("socket", FunctionDescriptor.of(i, i, i, i));
        BIND = withErrno("bind", FunctionDescriptor.of(i, i, p, i));
        CONNECT = withErrno("connect", FunctionDescriptor.of(i, i, p, i));
        GETSOCKNAME = withErrno("getsockname", FunctionDescriptor.of(i, i, p, p));
        SEND = withErrno("send", FunctionDescriptor.of(l, i, p, l, i));
        RECVFROM = withErrno("recvfrom", FunctionDescriptor.of(l, i, p, l, i, p, p));
        CLOSE = withErrno("close", FunctionDescriptor.of(i, i));
        EPOLL_CREATE1 = withErrno("epoll_create1", FunctionDescriptor.of(i, i));
        EPOLL_CTL = withErrno("epoll_ctl", FunctionDescriptor.of(i, i, i, i, p));
        EPOLL_WAIT = withErrno("epoll_wait", FunctionDescriptor.of(i, i, p, i, i));
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
            return (int) SOCKET.invokeExact(callState, domain, type, protocol);
        } catch (Throwable t) {
            throw failed(t);
        }
    }

    static int bind(MemorySegment callState, int fd, MemorySegment address, int length) {
        try {
            return (int) BIND.invokeExact(callState, fd, address, length);
        } catch (Throwable t) {
            throw failed(t);
        }
    }

    static int connect(MemorySegment callState, int fd, MemorySegment address, int length) {
        try {
            return (int) CONNECT.invokeExact(callState, fd, address, length);
        } catch (Throwable t) {
            throw failed(t);
        }
    }

    static int getsockname(MemorySegment callState, int fd, MemorySegment address, MemorySegment length) {
        try {
            return (int) GETSOCKNAME.invokeExact(callState, fd, address, length);
        } catch (Throwable t) {
            throw failed(t);
        }
    }

    static long send(MemorySegment callState, int fd, MemorySegment data, long length, int flags) {
        try {
            return (long) SEND.invokeExact(callState, fd, data, length, flags);
        } catch (Throwable t) {
            throw failed(t);
        }
    }

    static long recvfrom(MemorySegment callState, int fd, MemorySegment data, long length, int flags,
            MemorySegment source, MemorySegment sourceLength) {
        try {
            return (long) RECVFROM.invokeExact(callState, fd, data, length, flags, source, sourceLength);
        } catch (Throwable t) {
            throw failed(t);
        }
    }

    static int close(MemorySegment callState, int fd) {
        try {
            return (int) CLOSE.invokeExact(callState, fd);
        } catch (Throwable t) {
            throw failed(t);
        }
    }

    static int epollCreate1(MemorySegment callState, int flags) {
        try {
            return (int) EPOLL_CREATE1.invokeExact(callState, flags);
        } catch (Throwable t) {
            throw failed(t);
        }
    }

    static int epollCtl(MemorySegment callState, int epfd, int op, int fd, MemorySegment event) {
        try {
            return (int) EPOLL_CTL.invokeExact(callState, epfd, op, fd, event);
        } catch (Throwable t) {
            throw failed(t);
        }
    }

    static int epollWait(MemorySegment callState, int epfd, MemorySegment events, int maxEvents, int timeoutMillis) {
        try {
            return (int) EPOLL_WAIT.invokeExact(callState, epfd, events, maxEvents, timeoutMillis);
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
