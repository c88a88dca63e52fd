package dev.jdns.cli.lab;

import dev.jdns.authoritative.AuthoritativeHandler;
import dev.jdns.authoritative.ZoneStore;
import dev.jdns.cli.Main;
import dev.jdns.transport.DnsServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/** `jdns health --name NAME` run against an authoritative server of {@code zoneFiles} on loopback. */
final class HealthAgainstServe {

    private HealthAgainstServe() {}

    static int run(List<Path> zoneFiles, String name) throws Exception {
        ZoneStore zones = ZoneStore.load(zoneFiles);
        try (DnsServer server = new DnsServer(List.of(new InetSocketAddress("127.0.0.1", 0)),
                AuthoritativeHandler.serving(zones).build())) {
            server.start();
            InetSocketAddress bound = server.boundAddresses().getFirst();
            CommandLine health = Main.commandLine();
            health.setOut(new PrintWriter(new StringWriter()));
            health.setErr(new PrintWriter(new StringWriter()));
            return health.execute("health", "--server", "127.0.0.1:" + bound.getPort(), "--name", name);
        }
    }
}
