package dev.jdns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.cli.lab.LabFiles;
import dev.jdns.cli.lab.LabNetwork;
import dev.jdns.cli.lab.LabRegistry;
import dev.jdns.cli.lab.LabZones;
import dev.jdns.cli.lab.SimulatedServer;
import dev.jdns.cli.lab.Topology;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `jdns lab` as a user runs it: --compose output, the banner and its files for jdns dig, one-line failures. */
class LabCommandTest {

    private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(withQuietLogs(args));
    }

    /** --log-level configures the JVM's logging: keep the test JVM at warnings, as logging.properties does. */
    private static String[] withQuietLogs(String... args) {
        String[] out = Arrays.copyOf(args, args.length + 2);
        out[args.length] = "--log-level";
        out[args.length + 1] = "warning";
        return out;
    }

    @Test
    void composePrintsTheCommittedFile() throws Exception {
        assertEquals(0, run("lab", "--compose", "--zones", CHECKOUT.resolve("zones").toString()), err.toString());
        assertEquals(Files.readString(CHECKOUT.resolve("docker-compose.yml")), out.toString());
    }

    @Test
    void theBannerListsEveryServerTheResolverAndJdnsDigExamples(@TempDir Path files) throws Exception {
        Topology topology = Topology.load(CHECKOUT.resolve("zones"));
        LabZones.Source source = LabZones.locate(CHECKOUT.resolve("zones"));
        try (LabNetwork lab = LabNetwork.start(topology,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                LabFiles digFiles = LabFiles.write(topology, lab, files)) {
            String banner = LabBanner.text(topology, source, lab, List.of(digFiles), "./jdns");
            for (LabNetwork.RunningServer running : lab.servers()) {
                SimulatedServer server = running.server();
                assertTrue(banner.lines().anyMatch(line -> line.matches("\\s+" + Pattern.quote(server.displayName())
                        + "\\s+" + Pattern.quote(server.address().getHostAddress()) + "\\s+"
                        + Pattern.quote(server.displayOrigins()) + "\\s+"
                        + Pattern.quote(ServerRunner.hostPort(running.localSocket())))), banner);
            }
            String dig = "  ./jdns dig @127.0.0.1 -p " + lab.resolverAddress().getPort() + " ";
            assertTrue(banner.contains("resolver listening on " + ServerRunner.hostPort(lab.resolverAddress())),
                    banner);
            assertTrue(banner.contains(dig + "shop.example.com "), banner);
            assertTrue(banner.contains(dig + "example.com MX "), banner);
            assertTrue(banner.contains(dig + "-x 172.30.53.10 "), banner);
            assertTrue(banner.contains("for jdns dig +trace/+explain in " + files + "\n"), banner);
            assertTrue(banner.contains("\n" + dig + "+trace shop.example.com\n"), banner);
            assertTrue(banner.contains("\n" + dig + "+explain shop.example.com\n"), banner);
        }
    }

    /** The failover lessons name the lab's control socket and the primary and secondary of example.com. */
    @Test
    void theBannerShowsHowToStopAServerWhenTheLabHasAControlSocket(@TempDir Path files) throws Exception {
        Topology topology = Topology.load(CHECKOUT.resolve("zones"));
        LabZones.Source source = LabZones.locate(CHECKOUT.resolve("zones"));
        Path socket = files.resolve("lab.sock");
        try (LabNetwork lab = LabNetwork.start(topology, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                LabFiles digFiles = LabFiles.write(topology, lab, files)) {
            String dig = "./jdns dig @127.0.0.1 -p " + lab.resolverAddress().getPort() + " ";
            String control = "./jdns control --socket " + socket + " ";
            String banner = LabBanner.text(topology, source, lab, List.of(digFiles), "./jdns", socket);
            assertTrue(banner.contains("\n  " + control + "stop ns1.example.com "), banner);
            assertTrue(banner.contains("\n  " + dig + "+explain www.example.com "), banner);
            assertTrue(banner.contains("then the answer from ns2.example.com\n"), banner);
            assertTrue(banner.contains("\n  " + control + "stop ns2.example.com "), banner);
            String without = LabBanner.text(topology, source, lab, List.of(digFiles), "./jdns");
            assertTrue(without.contains("start the lab with --control PATH"), without);
        }
    }

    @Test
    void thePublishedFilesForDigAreGoneWhenTheLabCloses() throws Exception {
        Topology topology = Topology.load(CHECKOUT.resolve("zones"));
        Path folder;
        try (LabNetwork lab = LabNetwork.start(topology, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                LabFiles digFiles = LabFiles.publish(topology, lab, LabRegistry.forCurrentUser())) {
            folder = digFiles.directory();
            assertEquals(Optional.of(folder), LabRegistry.forCurrentUser().find(lab.resolverAddress()));
            assertEquals(Files.readString(topology.rootHints()), Files.readString(digFiles.rootHints()));
            assertEquals(Files.readString(topology.hostsFile()), Files.readString(digFiles.hosts()));
            assertTrue(Files.isRegularFile(digFiles.upstreamMap()));
        }
        assertFalse(Files.exists(folder), folder.toString());
    }

    @Test
    void aFolderWithoutZonesIsOneLineAndExitOne(@TempDir Path dir) {
        assertEquals(ServerRunner.CANNOT_START, run("lab", "--zones", dir.toString()));
        assertTrue(err.toString().startsWith("jdns lab: no zone files in"), err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
    }

    @Test
    void aResolverPortInUseIsOneLineWithAHint() throws Exception {
        try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                        tcp.getLocalPort()))) {
            int exit = run("lab", "--zones", CHECKOUT.resolve("zones").toString(), "--listen",
                    "127.0.0.1:" + tcp.getLocalPort());
            assertEquals(ServerRunner.CANNOT_START, exit);
            assertTrue(err.toString().contains("choose another --listen"), err.toString());
            assertEquals("", out.toString());
        }
    }
}
