package dev.jdns.cli;

import dev.jdns.resolver.RecursiveHandler;
import dev.jdns.resolver.Resolver;
import dev.jdns.resolver.ResolverBuilder;
import dev.jdns.resolver.RootHints;
import dev.jdns.transport.Cidr;
import dev.jdns.transport.DnsServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Stands in for {@code jdns resolver} (built on another branch) in the namespace test, with the flags that
 * docker-compose.yml gives it: {@code --root-hints FILE --hosts FILE --listen ADDR:PORT --allow CIDR}. The test
 * uses the real command instead as soon as the jar has it. Upstream servers are reached at their own addresses on
 * port 53, as on the internet: inside the test's namespaces only the lab subnet exists.
 */
public final class ResolverStandIn {

    private ResolverStandIn() {}

    public static void main(String[] args) throws Exception {
        ResolverBuilder builder = new ResolverBuilder();
        List<InetSocketAddress> listen = new ArrayList<>();
        List<Cidr> allow = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--root-hints" -> builder.rootHints(RootHints.load(Path.of(value)));
                case "--hosts" -> builder.hostsFile(Path.of(value));
                case "--listen" -> listen.add(new ListenAddressConverter().convert(value));
                case "--allow" -> allow.add(new CidrConverter().convert(value));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Resolver resolver = builder.build();
        DnsServer server = new DnsServer(listen, new RecursiveHandler(resolver, allow.isEmpty() ? Cidr.LOOPBACK : allow));
        server.start();
        System.out.println("resolver stand-in: listening on " + ServerRunner.describe(server.boundAddresses()));
        System.out.flush();
        ServerRunner.serveUntilStopped(List.of(server));
    }
}
