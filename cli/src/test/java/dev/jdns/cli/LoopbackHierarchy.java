package dev.jdns.cli;

import dev.jdns.authoritative.AuthoritativeHandler;
import dev.jdns.authoritative.ZoneLoadException;
import dev.jdns.authoritative.ZoneStore;
import dev.jdns.transport.DnsServer;
import dev.jdns.transport.Protocol;
import dev.jdns.transport.testing.peers.Nsd;
import dev.jdns.transport.testing.peers.PeerProcess;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A simulated internet on loopback, made of real servers: one {@code jdns serve} (AuthoritativeHandler behind
 * DnsServer) per host of {@link HierarchyZones}, NSD for {@code other.lab.}, and a silent socket. Each server has
 * its own address {@code 127.R.S.host} and all share one unprivileged port, the way real servers share port 53;
 * R and S are random so that hierarchies of concurrent test runs do not meet. Counts the queries each jdns server
 * receives.
 */
final class LoopbackHierarchy implements AutoCloseable {

    private static final int START_ATTEMPTS = 3;

    private final Path dir;
    private final String prefix;
    private final int port;
    private final List<AutoCloseable> running = new ArrayList<>();
    private final Map<Integer, AtomicInteger> udpQueries = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicInteger> tcpQueries = new ConcurrentHashMap<>();
    private final Map<Integer, DnsServer> jdnsByHost = new ConcurrentHashMap<>();

    private LoopbackHierarchy(Path dir, String prefix, int port) {
        this.dir = dir;
        this.prefix = prefix;
        this.port = port;
    }

    /** Starts every server; files (zones, root hints, hosts, NSD state) go to {@code dir}. */
    static LoopbackHierarchy start(Path dir) throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            String prefix = "127." + random.nextInt(16, 250) + "." + random.nextInt(1, 250);
            int port = PeerProcess.freeAddress(prefix + "." + HierarchyZones.ROOT).getPort();
            Path attemptDir = Files.createDirectories(dir.resolve("attempt" + attempt));
            LoopbackHierarchy hierarchy = new LoopbackHierarchy(attemptDir, prefix, port);
            try {
                hierarchy.startServers();
                return hierarchy;
            } catch (IOException e) {
                hierarchy.close(); // the shared port was taken on one of the addresses: try another
                last = e;
            }
        }
        throw last;
    }

    private void startServers() throws IOException, InterruptedException {
        for (var server : HierarchyZones.jdnsServers().entrySet()) {
            startJdns(server.getKey(), server.getValue());
        }
        running.add(Nsd.start(socket(HierarchyZones.OTHER_LAB),
                Map.of("other.lab.", writeZone("other.lab.", HierarchyZones.otherLab())),
                Files.createDirectories(dir.resolve("nsd"))));
        for (int silent : List.of(HierarchyZones.SILENT, HierarchyZones.SILENT_DEADEND)) {
            running.add(new SilentServer(socket(silent), counter(udpQueries, silent)));
        }
    }

    private void startJdns(int host, Map<String, String> zones) throws IOException {
        List<Path> files = new ArrayList<>();
        for (var zone : zones.entrySet()) {
            files.add(writeZone(zone.getKey(), zone.getValue()));
        }
        ZoneStore store;
        try {
            store = ZoneStore.load(files);
        } catch (ZoneLoadException e) {
            throw new IllegalStateException("test zone does not load: " + e.getMessage(), e);
        }
        AuthoritativeHandler authoritative = AuthoritativeHandler.serving(store).build();
        DnsServer server = new DnsServer(List.of(socket(host)), query -> {
            counter(query.protocol() == Protocol.TCP ? tcpQueries : udpQueries, host).incrementAndGet();
            return authoritative.handle(query);
        });
        running.add(server);
        jdnsByHost.put(host, server);
        server.start();
    }

    /** Stops the jdns server at {@code host}: an authority going down while a test runs. */
    void stop(int host) {
        jdnsByHost.get(host).close();
    }

    /** Replaces the jdns server at {@code host} with one that reads every query and never replies. */
    void silence(int host) throws SocketException {
        stop(host);
        running.add(new SilentServer(socket(host), counter(udpQueries, host)));
    }

    private Path writeZone(String origin, String text) throws IOException {
        String name = origin.equals(".") ? "root" : origin.substring(0, origin.length() - 1);
        Path file = dir.resolve(name + ".zone");
        Files.writeString(file, "$ORIGIN " + origin + "\n" + text.replace("{P}", prefix));
        return file;
    }

    /** A named.root file pointing at this hierarchy's root server. */
    Path rootHints() throws IOException {
        Path file = dir.resolve("named.root");
        Files.writeString(file, """
                .                      3600000  NS  a.root-servers.test.
                a.root-servers.test.   3600000  A   %s
                """.formatted(address(HierarchyZones.ROOT).getHostAddress()));
        return file;
    }

    Path hostsFile() throws IOException {
        return Files.writeString(dir.resolve("hosts"), HierarchyZones.HOSTS);
    }

    /** Zone -> {@code ADDR@PORT} of its delegated servers (Unbound stub zones). */
    Map<String, List<String>> delegatedServers() {
        return HierarchyZones.delegations().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                cut -> cut.getValue().stream().map(host -> address(host).getHostAddress() + "@" + port).toList(),
                (a, b) -> a, LinkedHashMap::new));
    }

    String prefix() {
        return prefix;
    }

    int port() {
        return port;
    }

    InetAddress address(int host) {
        try {
            return InetAddress.getByName(prefix + "." + host); // a literal: no lookup
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    InetSocketAddress socket(int host) {
        return new InetSocketAddress(address(host), port);
    }

    /** UDP queries received so far by the server at {@code host}. */
    int udpQueriesAt(int host) {
        return counter(udpQueries, host).get();
    }

    int tcpQueriesAt(int host) {
        return counter(tcpQueries, host).get();
    }

    private static AtomicInteger counter(Map<Integer, AtomicInteger> counters, int host) {
        return counters.computeIfAbsent(host, h -> new AtomicInteger());
    }

    @Override
    public void close() {
        ServerRunner.closeAll(running.reversed());
    }

    /** A server that reads every datagram and never replies (a dead or firewalled name server). */
    private static final class SilentServer implements AutoCloseable {
        private final DatagramSocket socket;

        SilentServer(InetSocketAddress address, AtomicInteger received) throws SocketException {
            socket = new DatagramSocket(address);
            Thread.ofVirtual().name("silent-" + address).start(() -> {
                byte[] buffer = new byte[512];
                try {
                    while (true) {
                        socket.receive(new DatagramPacket(buffer, buffer.length));
                        received.incrementAndGet();
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
