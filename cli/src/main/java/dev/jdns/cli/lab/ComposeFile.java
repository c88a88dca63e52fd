package dev.jdns.cli.lab;

import dev.jdns.authoritative.LoadedZone;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The docker-compose file of a topology: one {@code jdns serve} container per server at its address on one
 * user-defined network (a zone's secondaries with {@code --secondary}, fed by NOTIFY and IXFR from its primary),
 * a {@code jdns resolver} container, and a client that runs {@code jdns dig} through it. The
 * zone folder is mounted at {@value #ZONES_MOUNT}. Written as text (no YAML library): block mappings, and commands
 * as flow sequences of double-quoted strings, which every YAML parser reads the same way.
 */
public final class ComposeFile {

    public static final String FILE_NAME = "docker-compose.yml";
    /** Where the zone folder appears inside the containers. */
    public static final String ZONES_MOUNT = "/zones";
    public static final String NETWORK = "lab";
    public static final String IMAGE = "jdns-lab";
    public static final String RESOLVER_SERVICE = "resolver";
    public static final String CLIENT_SERVICE = "client";
    /** Preferred host numbers in the subnet (172.30.53.53 and .100); the next free one when a server has it. */
    static final int RESOLVER_HOST = 53;
    static final int CLIENT_HOST = 100;
    /** Where the host reaches the compose resolver, the same port as `jdns lab` so the same dig line works. */
    static final int PUBLISHED_PORT = 5353;
    static final String PUBLISHED_RESOLVER = "127.0.0.1:" + PUBLISHED_PORT;
    /** Where a secondary container keeps its transferred copies (inside the container: lost with it). */
    static final String STATE_DIR = "/tmp/jdns-state";
    /** The jdns launcher inside the image (Dockerfile). */
    public static final String LAUNCHER = "/opt/jdns/jdns";

    /**
     * When compose calls a service healthy: `jdns health` gets a real answer. A server is asked the SOA of its
     * first zone, the resolver the root's SOA through its cache and iteration, so it is healthy only once the
     * servers it needs answer. Each check starts a JVM (about a second on a small machine), hence every 5 s; 12
     * failures in a row (a minute) mark it unhealthy. (start_interval would check faster while starting, but
     * docker-compose 1.x, which validates this file in CI, refuses it.)
     */
    static final String HEALTH_TIMING = """
                  interval: 5s
                  timeout: 5s
                  retries: 12
            """;

    private ComposeFile() {}

    /** A service as the file declares it: what the namespace test reads back. */
    public record Service(String name, InetAddress address, List<String> command) {}

    /** What a service waits for: the named services, started or healthy. */
    private record Dependencies(List<String> services, boolean healthy) {
        static final Dependencies NONE = new Dependencies(List.of(), false);
    }

    /**
     * The host folder mounted at {@value #ZONES_MOUNT} (relative to the compose file), and whether its zones are
     * signed: then the resolver validates from the {@link LabFiles#TRUST_ANCHOR} beside them.
     */
    public record ZoneFolder(String hostPath, boolean signed) {
        /** The checkout's zones/, unsigned: the committed docker-compose.yml. */
        public static final ZoneFolder CHECKOUT = new ZoneFolder("./zones", false);
    }

    public static String generate(Topology topology) {
        return generate(topology, ZoneFolder.CHECKOUT);
    }

    /** The compose file of {@code topology}, its zones mounted from {@code folder}. */
    public static String generate(Topology topology, ZoneFolder folder) {
        String example = LabExamples.of(topology).getFirst().query();
        StringBuilder out = new StringBuilder(folder.signed() ? signedHeader(example) : header(example));
        out.append("services:\n");
        List<String> serverNames = new ArrayList<>();
        for (SimulatedServer server : topology.servers()) {
            String name = serviceName(server);
            serverNames.add(name);
            Service service = new Service(name, server.address(), serveCommand(topology, server));
            out.append(service(service, folder, "# " + server.displayName() + ": " + server.displayOrigins(),
                    primariesOf(topology, server), List.of(),
                    healthCheck(service, server.origins().getFirst().toString())));
        }
        Service resolver = resolver(topology, folder.signed());
        String resolverComment = "# the " + (folder.signed() ? "validating " : "")
                + "recursive resolver, reachable from the host at " + PUBLISHED_RESOLVER;
        out.append(service(resolver, folder, resolverComment, new Dependencies(serverNames, true),
                List.of(PUBLISHED_RESOLVER + ":53/udp", PUBLISHED_RESOLVER + ":53/tcp"), healthCheck(resolver, ".")));
        out.append(service(client(topology, resolver.address()), folder,
                "# jdns dig: asks the resolver once and prints the answer, once the resolver answers",
                new Dependencies(List.of(RESOLVER_SERVICE), true), List.of(), ""));
        out.append("\nnetworks:\n  ").append(NETWORK).append(":\n    ipam:\n      config:\n        - subnet: ")
                .append(topology.subnet()).append('\n');
        return out.toString();
    }

    private static String header(String exampleQuery) {
        return """
                # The jdns lab's simulated internet as containers: one name server per container, a resolver and a
                # client, on one network. Generated from zones/ by `./jdns lab --compose > docker-compose.yml`:
                # change the zones, not this file (a test fails when the two disagree).
                #   docker compose up --build           # the client prints its answer, then exits
                #   ./jdns dig @127.0.0.1 -p %s %s     # from the host, through the published resolver
                """.formatted(PUBLISHED_PORT, exampleQuery) + "\n";
    }

    private static String signedHeader(String exampleQuery) {
        return """
                # The jdns lab's simulated internet signed with DNSSEC, as containers: one name server per container,
                # a validating resolver and a client, on one network. Generated with its signed zones and trust anchor
                # (keys made for that run) by `./jdns lab --dnssec --compose --files DIR > FILE`; the signatures last
                # 14 days, generate again after that. Run with `docker compose -f FILE up --build`, then:
                #   ./jdns dig @127.0.0.1 -p %s +dnssec %s
                """.formatted(PUBLISHED_PORT, exampleQuery) + "\n";
    }

    /** "a.root-servers.net." -> "a-root-servers-net": service names are DNS labels. */
    public static String serviceName(SimulatedServer server) {
        return server.displayName().toLowerCase(Locale.ROOT).replace('.', '-');
    }

    /**
     * The server answers CHAOS id.server with its name, as in `jdns lab`, so `dig CH TXT id.server` shows who
     * answered; rate limiting is off, because the lab's one resolver is every server's only client. A primary
     * lets its zones' secondaries transfer (and so notifies them: they are its NS addresses, RFC 1996 section 3.6);
     * a secondary names its primary for each zone and keeps its copies in {@value #STATE_DIR}.
     */
    static List<String> serveCommand(Topology topology, SimulatedServer server) {
        List<String> command = new ArrayList<>(List.of("serve", "--listen", server.address().getHostAddress() + ":53",
                "--identity", server.displayName(), "--rate-limit", "0"));
        server.primaryZones().stream().flatMap(zone -> topology.secondariesOf(zone).stream())
                .map(SimulatedServer::address).distinct()
                .forEach(address -> command.addAll(List.of("--allow-transfer", address.getHostAddress() + "/32")));
        for (LoadedZone zone : server.secondaryZones()) {
            command.addAll(List.of("--secondary", zone.origin() + "="
                    + topology.primaryOf(zone).address().getHostAddress()));
        }
        if (!server.secondaryZones().isEmpty()) {
            command.addAll(List.of("--state-dir", STATE_DIR));
        }
        for (Path file : server.zoneFiles()) {
            command.add(ZONES_MOUNT + "/" + file.getFileName());
        }
        return command;
    }

    /** A secondary starts once the primaries it transfers from are healthy. */
    private static Dependencies primariesOf(Topology topology, SimulatedServer server) {
        List<String> primaries = server.secondaryZones().stream().map(topology::primaryOf)
                .map(ComposeFile::serviceName).distinct().toList();
        return primaries.isEmpty() ? Dependencies.NONE : new Dependencies(primaries, true);
    }

    static Service resolver(Topology topology, boolean validating) {
        InetAddress address = topology.freeHost(RESOLVER_HOST);
        List<String> command = new ArrayList<>(List.of("resolver",
                "--root-hints", ZONES_MOUNT + "/" + Topology.ROOT_HINTS,
                "--hosts", ZONES_MOUNT + "/" + Topology.HOSTS,
                "--listen", address.getHostAddress() + ":53",
                "--allow", topology.subnet().toString(),
                "--serve-stale", LabNetwork.STALE_WINDOW.toDays() + "d")); // as in `jdns lab`: stop both servers
        if (validating) {
            command.addAll(List.of("--trust-anchor", ZONES_MOUNT + "/" + LabFiles.TRUST_ANCHOR));
        }
        return new Service(RESOLVER_SERVICE, address, command);
    }

    private static Service client(Topology topology, InetAddress resolver) {
        InetAddress address = topology.freeHost(CLIENT_HOST);
        List<String> command = new ArrayList<>(List.of("dig", "@" + resolver.getHostAddress()));
        command.addAll(List.of(LabExamples.of(topology).getFirst().query().split(" ")));
        return new Service(CLIENT_SERVICE, address, command);
    }

    /** The healthcheck block of a service listening on port 53 of its address. */
    static String healthCheck(Service service, String name) {
        List<String> test = List.of("CMD", LAUNCHER, "health", "--server", service.address().getHostAddress() + ":53",
                "--name", name);
        return "    healthcheck:\n      test: [" + test.stream().map(ComposeFile::quoted)
                .collect(Collectors.joining(", ")) + "]\n" + HEALTH_TIMING;
    }

    private static String service(Service service, ZoneFolder folder, String comment, Dependencies dependencies,
            List<String> ports, String healthCheck) {
        StringBuilder out = new StringBuilder();
        out.append("  ").append(service.name()).append(":\n");
        out.append("    ").append(comment).append('\n');
        out.append("    build: .\n");
        out.append("    image: ").append(IMAGE).append('\n');
        out.append("    command: [").append(service.command().stream().map(ComposeFile::quoted)
                .collect(Collectors.joining(", "))).append("]\n");
        out.append("    volumes:\n      - ").append(folder.hostPath()).append(':').append(ZONES_MOUNT)
                .append(":ro\n");
        out.append("    networks:\n      ").append(NETWORK).append(":\n        ipv4_address: ")
                .append(service.address().getHostAddress()).append('\n');
        appendDependencies(out, dependencies);
        appendList(out, "ports", ports.stream().map(ComposeFile::quoted).toList());
        out.append(healthCheck);
        return out.toString();
    }

    private static void appendDependencies(StringBuilder out, Dependencies dependencies) {
        if (!dependencies.healthy()) {
            appendList(out, "depends_on", dependencies.services());
            return;
        }
        out.append("    depends_on:\n");
        dependencies.services().forEach(name -> out.append("      ").append(name)
                .append(":\n        condition: service_healthy\n"));
    }

    private static void appendList(StringBuilder out, String key, List<String> items) {
        if (!items.isEmpty()) {
            out.append("    ").append(key).append(":\n");
            items.forEach(item -> out.append("      - ").append(item).append('\n'));
        }
    }

    /** A YAML double-quoted scalar (arguments hold no quotes or backslashes, but be safe). */
    static String quoted(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
