package dev.jdns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * 20k never-seen names (a random-subdomain flood, each one a cache miss and an upstream query to a wildcard zone)
 * sent over UDP to {@code jdns resolver} in a few seconds: the service stays up, answers a normal query afterwards,
 * and its heap stays bounded. Bounded in count (20k) and time (sending paced over ~4 s, replies awaited at most
 * {@link #DRAIN_LIMIT_NANOS}); the number answered is reported, not asserted, since it depends on the machine.
 */
class ResolverFloodTest {

    private static final int NAMES = 20_000;
    private static final int QUERIES_PER_SECOND = 5_000;
    private static final long DRAIN_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(8);
    private static final long HEAP_GROWTH_LIMIT = 256L << 20;

    @TempDir
    Path dir;

    @Test
    void aFloodOfNeverSeenNamesLeavesTheResolverAliveAnsweringAndWithinItsHeap() throws Exception {
        try (LoopbackHierarchy hierarchy = LoopbackHierarchy.start(dir);
                ResolverService resolver = ResolverService.against(hierarchy)) {
            // Delegations cached first. Asked up to three times, as a stub would: the test's 300 ms upstream timeout
            // can expire against the freshly started servers of a loaded machine, and this is not what is tested.
            int rcode = Rcode.SERVFAIL;
            for (int attempt = 0; attempt < 3 && rcode != Rcode.NOERROR; attempt++) {
                rcode = resolver.ask("warm" + attempt + ".flood.test.", Type.A).getRcode(); // no cached SERVFAIL
            }
            assertEquals(Rcode.NOERROR, rcode);
            long heapBefore = usedHeapAfterGc();

            int answered = flood(resolver.address());

            assertEquals(Rcode.NOERROR, resolver.ask("www.example.test.", Type.A).getRcode());
            assertEquals(Rcode.NOERROR, resolver.ask("after-the-flood.flood.test.", Type.A).getRcode());
            long growth = usedHeapAfterGc() - heapBefore;
            System.out.printf("flood: %d never-seen names sent, %d answered, heap growth %d MiB%n", NAMES, answered,
                    growth >> 20);
            assertTrue(answered > 0, "the resolver answered during the flood");
            assertTrue(growth < HEAP_GROWTH_LIMIT, "heap grew by " + (growth >> 20) + " MiB");
        }
    }

    /** Sends the flood at a steady rate while a second thread counts answers; returns how many came back. */
    private static int flood(InetSocketAddress resolver) throws Exception {
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(resolver.getAddress(), 0))) {
            socket.setSoTimeout(500);
            socket.setReceiveBufferSize(1 << 20);
            Thread counter = Thread.ofPlatform().name("flood-replies").start(() -> countAnswers(socket, answered, failed));
            String run = Integer.toHexString(ThreadLocalRandom.current().nextInt());
            long start = System.nanoTime();
            for (int i = 0; i < NAMES; i++) {
                byte[] wire = query("n" + i + "-" + run + ".flood.test.");
                socket.send(new DatagramPacket(wire, wire.length, resolver));
                long due = start + TimeUnit.SECONDS.toNanos(i) / QUERIES_PER_SECOND;
                LockSupport.parkNanos(due - System.nanoTime()); // pacing, not waiting for a result
            }
            counter.join(TimeUnit.NANOSECONDS.toMillis(DRAIN_LIMIT_NANOS));
            System.out.printf("flood: sent in %d ms, %d error replies%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), failed.get());
        }
        return answered.get();
    }

    /** Counts NOERROR answers until no reply has come for half a second (or the socket is closed). */
    private static void countAnswers(DatagramSocket socket, AtomicInteger answered, AtomicInteger failed) {
        byte[] buffer = new byte[1232];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(4) + DRAIN_LIMIT_NANOS;
        int quietPeriods = 0;
        while (System.nanoTime() < deadline && quietPeriods < 2) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                quietPeriods = 0;
                Message reply = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
                if (reply.getRcode() == Rcode.NOERROR && reply.getHeader().getCount(Section.ANSWER) == 1) {
                    answered.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
            } catch (SocketTimeoutException quiet) {
                quietPeriods++;
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static byte[] query(String name) {
        Message query = Message.newQuery(Record.newRecord(Name.fromConstantString(name), Type.A, DClass.IN));
        query.getHeader().setFlag(Flags.RD);
        return query.toWire();
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
