package dev.jdns.cli.lab;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A private network made of Linux network namespaces, like a docker-compose network without Docker: one bridge
 * in a namespace of its own, and one namespace per host, joined to the bridge by a veth pair whose inner end is
 * {@code eth0} with the host's address. Nothing is created in this machine's own namespace (the veth pairs are
 * made inside the bridge namespace), so it gains no interface and no route, and a host has no route but its
 * subnet. {@link #close()} removes everything that was made, whatever state the set-up stopped in.
 */
final class NetworkNamespaces implements AutoCloseable {

    private static final Duration IP_LIMIT = Duration.ofSeconds(10);
    private static final String BRIDGE = "br0";

    /** Short and random, so runs in parallel and leftovers of a killed run never collide. */
    private final String runId = HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
    private final String bridgeNamespace = "jdns-" + runId + "-bridge";
    private final List<String> made = new ArrayList<>();
    private final int prefixLength;
    private int hosts;

    private NetworkNamespaces(int prefixLength) {
        this.prefixLength = prefixLength;
    }

    /** Creates the bridge namespace and its bridge. */
    static NetworkNamespaces create(int prefixLength) throws IOException, InterruptedException {
        NetworkNamespaces network = new NetworkNamespaces(prefixLength);
        try {
            network.addNamespace(network.bridgeNamespace);
            ip("-n", network.bridgeNamespace, "link", "add", BRIDGE, "type", "bridge");
            ip("-n", network.bridgeNamespace, "link", "set", BRIDGE, "up");
            return network;
        } catch (IOException | InterruptedException | RuntimeException e) {
            network.close();
            throw e;
        }
    }

    /** Adds a host named {@code name} at {@code address}; returns its namespace's name. */
    String addHost(String name, InetAddress address) throws IOException, InterruptedException {
        String namespace = "jdns-" + runId + "-" + name;
        String bridgeEnd = "jl" + runId + hosts++; // interface names are at most 15 characters
        addNamespace(namespace);
        ip("-n", namespace, "link", "set", "lo", "up");
        ip("-n", bridgeNamespace, "link", "add", bridgeEnd, "type", "veth", "peer", "name", "eth0",
                "netns", namespace);
        ip("-n", bridgeNamespace, "link", "set", bridgeEnd, "master", BRIDGE, "up");
        ip("-n", namespace, "addr", "add", address.getHostAddress() + "/" + prefixLength, "dev", "eth0");
        ip("-n", namespace, "link", "set", "eth0", "up");
        return namespace;
    }

    /** The command line that runs {@code command} inside {@code namespace}. */
    static List<String> inNamespace(String namespace, List<String> command) {
        List<String> out = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        out.addAll(command);
        return out;
    }

    private void addNamespace(String namespace) throws IOException, InterruptedException {
        ip("netns", "add", namespace);
        made.add(namespace);
    }

    /** Deletes every namespace made, hosts first; their veth ends and the bridge go with them. */
    @Override
    public synchronized void close() {
        boolean interrupted = Thread.interrupted(); // clean up even when the test was interrupted
        for (int i = made.size() - 1; i >= 0; i--) {
            try {
                ip("netns", "del", made.get(i));
            } catch (IOException | InterruptedException e) {
                System.err.println("NetworkNamespaces: could not delete " + made.get(i) + ": " + e.getMessage());
            }
        }
        made.clear();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void ip(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        HostCommand.check(IP_LIMIT, command);
    }
}
