package dev.jdns.resolver;

import dev.jdns.resolver.core.RootHints;
import dev.jdns.resolver.core.UpstreamSockets;
import dev.jdns.transport.client.ScriptedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Type;

/**
 * A simulated internet for resolver tests: each upstream has a public-looking address (from the documentation
 * ranges) and is really a {@link ScriptedServer} on loopback; {@link #sockets()} maps one to the other, so the
 * resolver never sends a packet off the machine. Every server counts the queries it receives.
 */
final class Upstreams implements AutoCloseable {

    private final Map<InetAddress, ScriptedServer> servers = new LinkedHashMap<>();

    /** An authoritative server for {@code zone} at {@code publicAddress}. */
    Upstreams serve(String publicAddress, FakeZone zone) {
        return script(publicAddress, (query, raw, client, socket) ->
                ScriptedServer.sendUdp(socket, client, zone.answer(query)), zone);
    }

    /**
     * A server with a hand-written UDP behaviour (TCP answers like {@code zone}, or not at all when null); it
     * replaces the server at that address, if any.
     */
    Upstreams script(String publicAddress, ScriptedServer.UdpScript udp, FakeZone zone) {
        try {
            ScriptedServer server = new ScriptedServer(udp, (query, out) -> {
                if (zone != null) {
                    ScriptedServer.writeTcp(out, zone.answer(query));
                }
            });
            ScriptedServer replaced = servers.put(address(publicAddress), server);
            if (replaced != null) {
                replaced.close(); // a test gave the address a behaviour of its own
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** A server that never answers. */
    Upstreams silent(String publicAddress) {
        return script(publicAddress, (query, raw, client, socket) -> { }, null);
    }

    UpstreamSockets sockets() {
        Map<InetAddress, InetSocketAddress> map = new LinkedHashMap<>();
        servers.forEach((address, server) -> map.put(address, server.address()));
        return UpstreamSockets.mapped(map);
    }

    /** UDP queries received by the server at {@code publicAddress}. */
    int queriesAt(String publicAddress) {
        return servers.get(address(publicAddress)).udpQueries().size();
    }

    /** The source port of each UDP query the server at {@code publicAddress} received, in order. */
    List<Integer> sourcePortsAt(String publicAddress) {
        return servers.get(address(publicAddress)).udpClients().stream()
                .map(client -> ((InetSocketAddress) client).getPort())
                .toList();
    }

    /** The question of each UDP query the server at {@code publicAddress} received, as "name TYPE", in order. */
    List<String> questionsAt(String publicAddress) {
        return servers.get(address(publicAddress)).udpQueries().stream()
                .map(query -> query.getQuestion().getName() + " " + Type.string(query.getQuestion().getType()))
                .toList();
    }

    int totalQueries() {
        return servers.values().stream().mapToInt(server -> server.udpQueries().size()).sum();
    }

    /** A named.root file naming {@code a.root-servers.test.} at {@code rootAddress}. */
    static RootHints rootHints(Path dir, String rootAddress) throws IOException {
        Path file = dir.resolve("named.root");
        Files.writeString(file, """
                ; test root hints
                .                      3600000  NS  a.root-servers.test.
                a.root-servers.test.   3600000  A   %s
                """.formatted(rootAddress));
        return RootHints.load(file);
    }

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal); // a literal: no lookup happens
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    @Override
    public void close() throws IOException {
        for (ScriptedServer server : servers.values()) {
            server.close();
        }
    }
}
