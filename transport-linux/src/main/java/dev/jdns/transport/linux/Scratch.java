package dev.jdns.transport.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * A block of native memory for one socket operation at a time: call state, one socket address and its length, one
 * epoll event, the data. A query socket holds one for its life; a listen socket takes one per send from a query's
 * own thread. Pooled.
 */
final class Scratch {
    /** Enough for a query and for UdpExchange's standard receive buffer (4096 octets and one to spot a cut). */
    private static final int STANDARD_DATA = 4097;
    /** As many as UdpExchange pools receive buffers: beyond that, blocks are made and left to the collector. */
    private static final int POOLED = 256;
    private static final ArrayBlockingQueue<Scratch> POOL = new ArrayBlockingQueue<>(POOLED);

    final MemorySegment callState;
    final MemorySegment address;
    final MemorySegment addressLength;
    final MemorySegment event;
    private final MemorySegment standardData;
    private MemorySegment largeData;

    private Scratch() {
        Arena arena = Arena.ofAuto(); // freed by the collector when a scratch block is not pooled
        callState = arena.allocate(Libc.CALL_STATE_SIZE, 8);
        address = arena.allocate(SocketAddresses.MAX_SIZE, 8);
        addressLength = arena.allocate(ValueLayout.JAVA_INT);
        event = arena.allocate(Libc.EPOLL_EVENT_SIZE, 8);
        standardData = arena.allocate(STANDARD_DATA);
    }

    static Scratch take() {
        Scratch pooled = POOL.poll();
        return pooled != null ? pooled : new Scratch();
    }

    void give() {
        largeData = null;
        POOL.offer(this);
    }

    /** Room for {@code length} octets of data: the standard block, or a larger one kept until {@link #give()}. */
    MemorySegment data(int length) {
        if (length <= STANDARD_DATA) {
            return standardData;
        }
        if (largeData == null || largeData.byteSize() < length) {
            largeData = Arena.ofAuto().allocate(length);
        }
        return largeData;
    }
}
