package dev.jdns.transport.linux;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Wakes the threads waiting for their sockets (upstream queries, a virtual receiver's listen socket) to become
 * readable. A socket is armed for one report at a time ({@code EPOLLONESHOT}, level-triggered, so a datagram that
 * arrived before arming is reported at once); close() of the socket removes it from the epoll set. Each arming
 * carries the socket's descriptor and a generation number, so a report that comes late, for a descriptor already
 * closed and reused, wakes nobody.
 *
 * <p>Who polls, and why two threads: the sockets' epoll instance is polled without blocking by a virtual thread, which
 * yields between polls while there are reports and so runs among the queries it wakes, on the same carrier threads:
 * a busy resolver's replies are handed over without waking another OS thread. When a poll finds nothing, that thread
 * parks, and a platform thread blocked in {@code epoll_wait} on a second epoll instance (holding only the first)
 * unparks it when reports are pending again. The JDK's own poller for virtual threads works this way on Linux; with
 * one platform thread doing both, every reply crossed from it to a carrier, and the resolver made twice the futex
 * calls per never-seen name. The platform thread also keeps the waiters' deadlines: every {@value #SWEEP_MILLIS} ms
 * it unparks those whose deadline has passed, so a waiting thread parks untimed (a timed park would arm a timer in
 * the virtual-thread scheduler, whose thread is woken to set it and again to cancel it). Should either loop fail,
 * every waiter is woken and every wait from then on fails at once: nobody is left parked with no one to wake it.
 */
final class ReadinessPoller {

    private static final Logger LOG = System.getLogger(ReadinessPoller.class.getName());
    private static final int EVENTS_PER_POLL = 64;
    private static final long NO_DEADLINE = Long.MAX_VALUE;
    /**
     * How often deadlines are checked, and so how late past its deadline an exchange may give up: small beside an
     * upstream query's timeout (1.5 s by default), and few wake-ups of an otherwise idle thread.
     */
    private static final int SWEEP_MILLIS = 20;
    private static final long SWEEP_NANOS = SWEEP_MILLIS * 1_000_000L;

    /** Numbers the waiters, so that a late report for a closed descriptor, since reused, wakes nobody. */
    private static final AtomicInteger GENERATIONS = new AtomicInteger();

    /** The JVM's one poller, for every socket on this module's system calls; started with the first. */
    private static final class Shared {
        static final ReadinessPoller INSTANCE = startShared();

        private static ReadinessPoller startShared() {
            try {
                return start();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static ReadinessPoller shared() {
        return Shared.INSTANCE;
    }

    /** What one armed socket waits with: set by the poller, read by the socket's thread. */
    static final class Waiter {
        final int fd;
        final int generation;
        private Thread thread;
        private volatile boolean readable;
        /** When the waiting thread gives up ({@link System#nanoTime()}), or {@link #NO_DEADLINE}. */
        private volatile long deadline = NO_DEADLINE;

        Waiter(int fd) {
            this(fd, GENERATIONS.incrementAndGet());
        }

        private Waiter(int fd, int generation) {
            this.fd = fd;
            this.generation = generation;
        }
    }

    /** The sockets' epoll instance. */
    private final int socketsFd;
    /** The epoll instance holding {@link #socketsFd}, that the blocking thread waits on. */
    private final int idleFd;
    private final ConcurrentHashMap<Integer, Waiter> armed = new ConcurrentHashMap<>();
    private final Waiter pollerWaiter;
    /** Why the poller stopped, once a loop has failed; null while it runs. */
    private volatile Exception failure;

    private ReadinessPoller(int socketsFd, int idleFd) {
        this.socketsFd = socketsFd;
        this.idleFd = idleFd;
        this.pollerWaiter = new Waiter(socketsFd, 0);
    }

    /** Creates the epoll instances and starts the two threads. */
    static ReadinessPoller start() throws IOException {
        MemorySegment state = Arena.global().allocate(Libc.CALL_STATE_SIZE);
        int socketsFd = epollCreate(state);
        int idleFd = epollCreate(state);
        ReadinessPoller poller = new ReadinessPoller(socketsFd, idleFd);
        Thread.ofPlatform().daemon().name("jdns-socket-idle-poller").start(poller::idleLoop);
        Thread.ofVirtual().name("jdns-socket-poller").start(poller::pollLoop);
        return poller;
    }

    private static int epollCreate(MemorySegment state) throws IOException {
        int fd = Libc.epollCreate1(state, Libc.EPOLL_CLOEXEC);
        if (fd < 0) {
            throw new IOException("epoll_create1: errno " + Libc.errno(state));
        }
        return fd;
    }

    /**
     * Arms {@code waiter}'s socket for one report to the calling thread, then waits for it until
     * {@code deadlineNanos}.
     *
     * @param again false the first time a socket is armed (added to the set), true after (re-armed)
     * @param callState the calling socket's own call-state segment
     * @param event the calling socket's own epoll_event segment
     * @return whether the socket became readable (or reported an error) before the deadline
     */
    boolean await(Waiter waiter, boolean again, MemorySegment event, MemorySegment callState, long deadlineNanos)
            throws IOException {
        return await(waiter, socketsFd, again, event, callState, deadlineNanos);
    }

    private boolean await(Waiter waiter, int epollFd, boolean again, MemorySegment event, MemorySegment callState,
            long deadlineNanos) throws IOException {
        throwIfStopped();
        waiter.thread = Thread.currentThread();
        waiter.readable = false;
        waiter.deadline = deadlineNanos;
        armed.put(waiter.fd, waiter);
        event.set(ValueLayout.JAVA_INT_UNALIGNED, 0, Libc.EPOLLIN | Libc.EPOLLONESHOT);
        event.set(ValueLayout.JAVA_LONG_UNALIGNED, Libc.EPOLL_EVENT_DATA_OFFSET, key(waiter.fd, waiter.generation));
        if (Libc.epollCtl(callState, epollFd, again ? Libc.EPOLL_CTL_MOD : Libc.EPOLL_CTL_ADD, waiter.fd, event) < 0) {
            armed.remove(waiter.fd, waiter);
            throw new IOException("epoll_ctl: errno " + Libc.errno(callState));
        }
        // Untimed parks (the class comment says why): the idle thread's sweep wakes a waiter past its deadline.
        while (!waiter.readable) {
            throwIfStopped();
            if (deadlineNanos != NO_DEADLINE && deadlineNanos - System.nanoTime() <= 0) {
                return false;
            }
            LockSupport.park(this);
        }
        return true;
    }

    /** Waits with no deadline: until the socket is readable (or the poller stops, which throws). */
    void await(Waiter waiter, boolean again, MemorySegment event, MemorySegment callState) throws IOException {
        await(waiter, socketsFd, again, event, callState, NO_DEADLINE);
    }

    /** Forgets the socket before it is closed: no later report reaches its thread. */
    void forget(Waiter waiter) {
        armed.remove(waiter.fd, waiter);
    }

    private static long key(int fd, int generation) {
        return ((long) generation << 32) | (fd & 0xFFFF_FFFFL);
    }

    /** The virtual thread: polls the sockets' set without blocking while it has reports, else parks. */
    private void pollLoop() {
        Arena arena = Arena.global();
        MemorySegment events = arena.allocate(Libc.EPOLL_EVENT_SIZE * EVENTS_PER_POLL, 8);
        MemorySegment callState = arena.allocate(Libc.CALL_STATE_SIZE, 8);
        MemorySegment event = arena.allocate(Libc.EPOLL_EVENT_SIZE, 8);
        boolean armedBefore = false;
        int found = 0;
        try {
            while (true) {
                if (found > 0) {
                    Thread.yield(); // let the woken queries run before polling again
                } else {
                    // Parks until the idle thread sees reports pending (at once if some are).
                    await(pollerWaiter, idleFd, armedBefore, event, callState, NO_DEADLINE);
                    armedBefore = true;
                }
                found = poll(socketsFd, events, 0, callState);
                for (int i = 0; i < found; i++) {
                    long key = events.get(ValueLayout.JAVA_LONG_UNALIGNED,
                            i * Libc.EPOLL_EVENT_SIZE + Libc.EPOLL_EVENT_DATA_OFFSET);
                    wake((int) key, (int) (key >>> 32));
                }
            }
        } catch (IOException | RuntimeException e) {
            stop(e); // nothing is expected of valid epoll descriptors
        }
    }

    /** The platform thread: blocks until the sockets' set has reports, then wakes the polling thread. */
    private void idleLoop() {
        Arena arena = Arena.global();
        MemorySegment events = arena.allocate(Libc.EPOLL_EVENT_SIZE, 8);
        MemorySegment callState = arena.allocate(Libc.CALL_STATE_SIZE, 8);
        long lastSweep = System.nanoTime();
        try {
            while (failure == null) {
                if (poll(idleFd, events, SWEEP_MILLIS, callState) > 0) {
                    wake(pollerWaiter.fd, pollerWaiter.generation);
                }
                long now = System.nanoTime();
                if (now - lastSweep >= SWEEP_NANOS) {
                    lastSweep = now;
                    wakeExpired(now);
                }
            }
        } catch (IOException | RuntimeException e) {
            stop(e);
        }
    }

    /**
     * Stops waking anyone, after a polling loop failed: every waiter is unparked and fails, and so does every wait
     * from now on (the exchanges fail at once instead of waiting for a wake-up that cannot come).
     */
    void stop(Exception cause) {
        if (failure != null) {
            return;
        }
        failure = cause;
        LOG.log(Level.ERROR, "the UDP sockets on Linux system calls are no longer polled", cause);
        for (Waiter waiter : armed.values()) {
            LockSupport.unpark(waiter.thread);
        }
    }

    private void throwIfStopped() throws IOException {
        Exception cause = failure;
        if (cause != null) {
            throw new IOException("the readiness poller stopped: " + cause, cause);
        }
    }

    /** One epoll_wait: the number of reports written to {@code events} (0 after an interrupted wait). */
    private static int poll(int epollFd, MemorySegment events, int timeoutMillis, MemorySegment callState)
            throws IOException {
        int maxEvents = (int) (events.byteSize() / Libc.EPOLL_EVENT_SIZE);
        int found = Libc.epollWait(callState, epollFd, events, maxEvents, timeoutMillis);
        if (found >= 0) {
            return found;
        }
        int errno = Libc.errno(callState);
        if (errno == Libc.EINTR) {
            return 0;
        }
        throw new IOException("epoll_wait: errno " + errno);
    }

    /** Unparks the threads whose deadline has passed; each sees it and gives up. */
    private void wakeExpired(long now) {
        for (Waiter waiter : armed.values()) {
            long deadline = waiter.deadline;
            if (deadline != NO_DEADLINE && now - deadline >= 0) {
                LockSupport.unpark(waiter.thread);
            }
        }
    }

    private void wake(int fd, int generation) {
        Waiter waiter = armed.get(fd);
        if (waiter != null && waiter.generation == generation) {
            waiter.readable = true;
            LockSupport.unpark(waiter.thread);
        }
    }
}
