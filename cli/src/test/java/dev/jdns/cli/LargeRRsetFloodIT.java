package dev.jdns.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jdns.authoritative.AuthoritativeHandler;
import dev.jdns.authoritative.ZoneStore;
import dev.jdns.resolver.cache.CacheSizes;
import dev.jdns.transport.DnsServer;
import dev.jdns.transport.testing.peers.PeerProcess;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The memory attack, as it was run: a zone answers every name under it with a 63 KB TXT RRset (a wildcard,
 * fetched over TCP after TC), and a client asks the resolver for distinct names. With the cache bounded by entry
 * count, {@code jdns resolver} in a 96 MiB heap died after about 800 names ({@code OutOfMemoryError: GC overhead
 * limit exceeded}). The real jar runs in a child JVM with the heap and collector the launcher gives it at the default
 * cache size (smaller than that 96 MiB); it must answer
 * every name and still be alive and well afterwards. Bounded in names ({@link #NAMES}) and time
 * ({@link #FLOOD_LIMIT_NANOS}); loopback only.
 */
class LargeRRsetFloodIT {

    private static final int NAMES = 1200;
    private static final int CLIENTS = 8;
    private static final long FLOOD_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(180);
    private static final int TXT_RECORDS = 240;
    private static final int TXT_OCTETS = 250;

    @TempDir
    Path dir;

    @Test
    void distinctNamesWithHugeRRsetsCannotExhaustASmallHeap() throws Exception {
        String prefix = "127." + ThreadLocalRandom.current().nextInt(16, 250) + "."
                + ThreadLocalRandom.current().nextInt(1, 250);
        InetSocketAddress rootServer = PeerProcess.freeAddress(prefix + ".2");
        try (DnsServer root = startRoot(rootServer)) {
            Path log = dir.resolve("resolver.out");
            InetSocketAddress resolver = new InetSocketAddress(prefix + ".1", rootServer.getPort());
            Process process = startResolver(resolver, rootServer, log);
            try {
                assertTrue(awaitAnswer(resolver, "ready.flood.", 60),
                        "resolver did not start:\n" + Files.readString(log));
                int answered = flood(resolver);
                String output = Files.readString(log);
                System.out.printf("large-RRset flood: %d of %d names answered%n", answered, NAMES);
                assertFalse(output.contains("OutOfMemoryError"), output);
                assertTrue(process.isAlive(), "resolver died:\n" + output);
                assertTrue(awaitAnswer(resolver, "after.flood.", 5), "resolver answers after the flood");
                assertTrue(answered >= NAMES * 9 / 10, answered + " of " + NAMES + " answered\n" + output);
            } finally {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }

    /** A root server whose zone has {@code *.flood.} with one 63 KB TXT RRset. */
    private DnsServer startRoot(InetSocketAddress address) throws Exception {
        String strings = IntStream.range(0, TXT_RECORDS)
                .mapToObj(i -> (i + "x".repeat(TXT_OCTETS)).substring(0, TXT_OCTETS))
                .map(text -> "*.flood. 300 IN TXT \"" + text + "\"")
                .collect(Collectors.joining("\n"));
        Path zone = Files.writeString(dir.resolve("root.zone"), """
                $ORIGIN .
                $TTL 3600
                @ SOA a.root-servers.test. hostmaster.test. 1 3600 900 604800 300
                @ NS a.root-servers.test.
                a.root-servers.test. A %s
                %s
                """.formatted(address.getAddress().getHostAddress(), strings));
        AuthoritativeHandler handler = AuthoritativeHandler.serving(ZoneStore.load(List.of(zone))).build();
        DnsServer server = new DnsServer(List.of(address), handler);
        server.start();
        return server;
    }

    /**
     * {@code java -Xmx72m -XX:+UseParallelGC -jar jdns.jar resolver ...}: the launcher's heap and collector for the
     * default cache.
     */
    private Process startResolver(InetSocketAddress listen, InetSocketAddress root, Path log) throws IOException {
        Path hints = Files.writeString(dir.resolve("named.root"), """
                .                      3600000  NS  a.root-servers.test.
                a.root-servers.test.   3600000  A   %s
                """.formatted(root.getAddress().getHostAddress()));
        Path hosts = Files.writeString(dir.resolve("hosts"), "");
        long heapMib = (CacheSizes.DEFAULT_BYTES + HeapGovernor.HEADROOM_BYTES) >> 20;
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx" + heapMib + "m", "-XX:+UseParallelGC", "-jar", jar().toString(), "resolver",
                "--listen", listen.getAddress().getHostAddress() + ":" + listen.getPort(),
                "--root-hints", hints.toString(), "--hosts", hosts.toString(),
                "--upstream-port", String.valueOf(root.getPort()), "--upstream-timeout", "3000",
                "--log-level", "warning"));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * {@link #CLIENTS} clients each asking for their share of distinct names, one at a time (a name once more after
     * a timeout); answers counted.
     */
    private static int flood(InetSocketAddress resolver) throws InterruptedException {
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        long deadline = System.nanoTime() + FLOOD_LIMIT_NANOS;
        String run = Integer.toHexString(ThreadLocalRandom.current().nextInt());
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            clients.add(Thread.ofPlatform().start(() -> {
                for (int i = next.getAndIncrement(); i < NAMES && System.nanoTime() < deadline;
                        i = next.getAndIncrement()) {
                    String name = "n" + i + "-" + run + ".flood.";
                    // Asked again once after a silent 5 s, as a stub resolver does: on a loaded machine a reply
                    // can be late, and what this test holds is that the resolver keeps answering, not how fast.
                    if (answered(resolver, name, 5) || answered(resolver, name, 5)) {
                        answered.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread client : clients) {
            client.join(TimeUnit.NANOSECONDS.toMillis(FLOOD_LIMIT_NANOS) + 10_000);
        }
        return answered.get();
    }

    private static boolean awaitAnswer(InetSocketAddress resolver, String name, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (answered(resolver, name, 1)) {
                return true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** One TXT query over UDP; a NOERROR reply (truncated: the set is 63 KB) counts as answered. */
    private static boolean answered(InetSocketAddress resolver, String name, int timeoutSeconds) {
        Message query = Message.newQuery(Record.newRecord(Name.fromConstantString(name), Type.TXT, DClass.IN));
        query.getHeader().setFlag(Flags.RD);
        byte[] wire = query.toWire();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(resolver.getAddress(), 0))) {
            socket.setSoTimeout(timeoutSeconds * 1000);
            socket.send(new DatagramPacket(wire, wire.length, resolver));
            byte[] buffer = new byte[1232];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            socket.receive(packet);
            Message reply = new Message(Arrays.copyOf(buffer, packet.getLength()));
            return reply.getHeader().getID() == query.getHeader().getID() && reply.getRcode() == Rcode.NOERROR;
        } catch (SocketTimeoutException silent) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path jar() {
        String jar = System.getProperty("jdns.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            fail("no jdns.jar (system property jdns.jar = " + jar + "): run as `mvn verify`, after package");
        }
        return Path.of(jar);
    }
}
