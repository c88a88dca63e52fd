package dev.jdns.cli.dig;

import dev.jdns.authoritative.AuthoritativeHandler;
import dev.jdns.authoritative.ZoneStore;
import dev.jdns.transport.DnsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Real jdns authoritative servers on loopback addresses and ephemeral ports, one zone file each. */
final class AuthServers implements AutoCloseable {

    private final Path dir;
    private final List<DnsServer> servers = new ArrayList<>();

    AuthServers(Path dir) {
        this.dir = dir;
    }

    /** Serves {@code zoneText} (which sets its own $ORIGIN) on {@code loopback}:{@code port} (0: any port). */
    InetSocketAddress serve(String loopback, int port, String fileName, String zoneText) throws Exception {
        Path file = dir.resolve(fileName);
        Files.writeString(file, zoneText);
        ZoneStore zones = ZoneStore.load(List.of(file));
        DnsServer server = new DnsServer(List.of(new InetSocketAddress(InetAddress.getByName(loopback), port)),
                AuthoritativeHandler.serving(zones).build());
        server.start();
        servers.add(server);
        return server.boundAddresses().getFirst();
    }

    @Override
    public void close() {
        servers.forEach(DnsServer::close);
    }
}
