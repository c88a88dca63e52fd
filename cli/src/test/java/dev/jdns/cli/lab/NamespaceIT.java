package dev.jdns.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jdns.cli.lab.ComposeFileReader.ComposeService;
import dev.jdns.transport.Cidr;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-compose.yml without Docker: every service gets a network namespace with its declared address on a
 * private bridge, and runs its command ({@code jdns serve}, {@code jdns resolver}, then the client's
 * {@code jdns dig}) from the built jar inside it, as the image would. Needs root (to create namespaces) and
 * iproute2; skipped, saying why, where those are missing, except in CI as root.
 */
class NamespaceIT {

    /** Eleven JVMs start at once on a small machine; generous, but bounded. */
    private static final Duration START_LIMIT = Duration.ofSeconds(120);
    private static final Duration QUERY_LIMIT = Duration.ofSeconds(30);
    private static final List<String> JVM_OPTIONS = List.of("-Xmx64m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1");
    /** Without a retry budget jdns dig waits 5 s x 3 tries, as dig; fail faster than that, not on a slow start. */
    private static final List<String> DIG_OPTIONS = List.of("+time=5", "+tries=2");

    private final List<NamespacedProcess> processes = new CopyOnWriteArrayList<>();

    @TempDir
    Path state;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void theComposeNetworkResolvesThroughItsResolver() throws Exception {
        requireNamespaces();
        Path compose = Checkout.composeFile();
        Map<String, ComposeService> services = ComposeFileReader.read(compose);
        Cidr subnet = Cidr.parse(ComposeFileReader.subnet(compose));
        String rootNamespaceBefore = rootNamespaceView(subnet);
        try (NetworkNamespaces network = NetworkNamespaces.create(subnet.prefixLength())) {
            Thread abort = new Thread(() -> stopAll(network), "namespace-cleanup");
            Runtime.getRuntime().addShutdownHook(abort); // a killed test run still removes its namespaces
            try {
                Map<String, String> namespaces = new LinkedHashMap<>();
                for (ComposeService service : services.values()) {
                    namespaces.put(service.name(), network.addHost(service.name(), service.address()));
                }
                assertEquals(rootNamespaceBefore, rootNamespaceView(subnet),
                        "the root namespace must gain no address or route on " + subnet);
                startServices(compose, services, namespaces);
                ComposeService client = services.get(ComposeFile.CLIENT_SERVICE);
                assertEquals("dig", client.command().getFirst(), "the client runs jdns dig: " + client.command());
                List<String> digArguments = client.command().subList(1, client.command().size());
                assertChain(jdnsDig(namespaces.get(client.name()), digArguments));
                String resolver = digArguments.getFirst();
                assertEquals("172.30.53.199\n", jdnsDig(namespaces.get(client.name()),
                        List.of(resolver, "+short", "api.example.com")), "the hosts file in /zones wins");
                assertEquals("ns1.example.net.\n", jdnsDig(namespaces.get(client.name()),
                        List.of(resolver, "+short", "-x", "172.30.53.60")));
            } finally {
                stopAll(network);
                Runtime.getRuntime().removeShutdownHook(abort);
            }
        }
    }

    /** Starts every service but the client, all at once, then waits for each to listen. */
    private void startServices(Path compose, Map<String, ComposeService> services, Map<String, String> namespaces)
            throws IOException, InterruptedException {
        for (ComposeService service : services.values()) {
            if (!service.name().equals(ComposeFile.CLIENT_SERVICE)) {
                processes.add(NamespacedProcess.start(service.name(), namespaces.get(service.name()),
                        javaCommand(compose, service)));
            }
        }
        Instant deadline = Instant.now().plus(START_LIMIT);
        for (NamespacedProcess process : processes) {
            process.awaitReady(deadline);
        }
    }

    /**
     * The service's command as the image runs it ({@code java -jar jdns.jar ARGS}), with the zone folder at its
     * place on this machine instead of the container's mount point, and a secondary's state folder (its own in a
     * container) in this test's temporary folder.
     */
    private List<String> javaCommand(Path compose, ComposeService service) {
        Path zones = compose.getParent().resolve(service.zonesVolume()).normalize();
        List<String> arguments = service.command().stream()
                .map(a -> a.startsWith(ComposeFile.ZONES_MOUNT + "/")
                        ? zones.resolve(a.substring(ComposeFile.ZONES_MOUNT.length() + 1)).toString() : a)
                .map(a -> a.equals(ComposeFile.STATE_DIR) ? state.resolve(service.name()).toString() : a)
                .toList();
        return jarCommand(arguments);
    }

    /** {@code java -jar jdns.jar ARGUMENTS}, as the image's entry point runs them. */
    private static List<String> jarCommand(List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(javaBinary()));
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-jar", jar().toString()));
        command.addAll(arguments);
        return command;
    }

    /** {@code jdns dig ARGUMENTS} from the jar, inside the client's namespace; its output, exit code 0 required. */
    private static String jdnsDig(String namespace, List<String> arguments) throws Exception {
        List<String> dig = new ArrayList<>(List.of("dig"));
        dig.addAll(DIG_OPTIONS);
        dig.addAll(arguments);
        HostCommand.Result result = HostCommand.run(QUERY_LIMIT,
                NetworkNamespaces.inNamespace(namespace, jarCommand(dig)));
        assertEquals(0, result.exitCode(), "jdns dig " + arguments + ":\n" + result.output());
        return result.output();
    }

    private void assertChain(String digOutput) {
        assertTrue(digOutput.contains("status: NOERROR"), digOutput);
        for (String line : List.of(
                "shop.example.com. \\d+ IN CNAME example.shopfront.net.",
                "example.shopfront.net. \\d+ IN CNAME example.edge.edgecdn.org.",
                "example.edge.edgecdn.org. \\d+ IN A 172.30.53.90")) {
            Pattern pattern = Pattern.compile("(?m)^" + line.replace(".", "\\.").replace(" ", "\\s+") + "$");
            assertTrue(pattern.matcher(digOutput).find(), "expected " + line + " in:\n" + digOutput
                    + "\n" + serviceOutputs());
        }
    }

    private void stopAll(NetworkNamespaces network) {
        for (NamespacedProcess process : processes) {
            try {
                process.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        network.close();
    }

    private String serviceOutputs() {
        StringBuilder out = new StringBuilder();
        processes.forEach(p -> out.append(p.output()));
        return out.toString();
    }

    /** The root namespace's IPv4 addresses and routes on {@code subnet}'s network, to compare before and after. */
    private static String rootNamespaceView(Cidr subnet) throws Exception {
        String network = subnet.toString().substring(0, subnet.toString().lastIndexOf('.') + 1);
        String addresses = HostCommand.check(QUERY_LIMIT, List.of("ip", "-4", "-o", "addr", "show"));
        String routes = HostCommand.check(QUERY_LIMIT, List.of("ip", "-4", "route", "show", "table", "all"));
        return (addresses + routes).lines().filter(line -> line.contains(network)).sorted().toList().toString();
    }

    private static Path jar() {
        String jar = System.getProperty("jdns.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            fail("no jdns.jar (system property jdns.jar = " + jar + "): run as `mvn verify`, after package");
        }
        return Path.of(jar);
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** Skips with the reason where namespaces cannot be made; in CI as root the test must run. */
    private static void requireNamespaces() throws IOException {
        String reason = reasonToSkip();
        if (reason == null) {
            return;
        }
        if ("true".equals(System.getenv("CI")) && isRoot()) {
            fail("CI=true and root, so the namespace test must run, but: " + reason);
        }
        System.err.println("NamespaceIT SKIPPED: " + reason);
        assumeTrue(false, reason);
    }

    private static String reasonToSkip() throws IOException {
        if (!System.getProperty("os.name").startsWith("Linux")) {
            return "network namespaces are a Linux feature";
        }
        if (!isRoot()) {
            return "creating network namespaces needs root (CI runs the tests as root)";
        }
        if (!onPath("ip")) {
            return "ip (iproute2) is not installed";
        }
        return cannotCreateNamespaces();
    }

    /** Root in a container without CAP_SYS_ADMIN cannot make namespaces: try once, and say so. */
    private static String cannotCreateNamespaces() {
        try (NetworkNamespaces probe = NetworkNamespaces.create(Topology.SUBNET_PREFIX)) {
            return null;
        } catch (IOException e) {
            return "cannot create network namespaces here: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while probing for network namespaces";
        }
    }

    private static boolean isRoot() throws IOException {
        return Files.exists(Path.of("/proc/self"))
                && ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
