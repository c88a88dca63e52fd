package dev.jdns.transport.testing.peers;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Knot DNS (knotd), CZ.NIC's authoritative server, configured in a temporary folder on one loopback socket. */
public final class Knot {

    private Knot() {}

    /**
     * Starts knotd as a secondary of {@code zone}: transfers from {@code primary} signed with {@code key}, NOTIFY
     * accepted from the primary's address with that key; its journal, timers and copy live in {@code workDir}.
     * Skips the test when Knot is not installed (outside CI).
     */
    public static PeerProcess startSecondary(InetSocketAddress address, String zone, InetSocketAddress primary,
            PeerKey key, Path workDir) throws IOException, InterruptedException {
        Path knotd = PeerProcess.requireExecutable("knotd");
        String primaryAddress = primary.getAddress().getHostAddress();
        String text = "server:\n"
                + "  listen: " + address.getAddress().getHostAddress() + "@" + address.getPort() + "\n"
                + "  rundir: \"" + workDir + "\"\n"
                + "log:\n  - target: stdout\n    any: info\n"
                + "database:\n  storage: \"" + workDir + "\"\n"
                + "control:\n  listen: \"" + workDir.resolve("knot.sock") + "\"\n"
                + "key:\n  - id: " + key.name() + "\n    algorithm: " + key.algorithm() + "\n    secret: "
                + key.secret() + "\n"
                + "remote:\n  - id: primary\n    address: " + primaryAddress + "@" + primary.getPort()
                + "\n    key: " + key.name() + "\n"
                + "acl:\n  - id: notify-from-primary\n    address: " + primaryAddress + "\n    key: " + key.name()
                + "\n    action: notify\n"
                + "zone:\n  - domain: " + zone + "\n    storage: \"" + workDir + "\"\n    file: \"%s.zone\"\n"
                + "    master: primary\n    acl: notify-from-primary\n";
        Path config = workDir.resolve("knot.conf");
        Files.writeString(config, text);
        return PeerProcess.start("knotd", List.of(knotd.toString(), "-c", config.toString()), address,
                workDir.resolve("knot.out"));
    }

    /**
     * Starts knotd as the primary of {@code zone} from {@code zoneFile} (its directory is the zone storage):
     * transfers only to requests signed with {@code key}, NOTIFY signed with it to {@code secondary}; a reload of
     * a changed file is journaled as a difference ({@code zonefile-load: difference}), so IXFR serves it, and the
     * file is never written back. Reload with {@link #reload}.
     */
    public static PeerProcess startPrimary(InetSocketAddress address, String zone, Path zoneFile,
            InetSocketAddress secondary, PeerKey key, Path workDir) throws IOException, InterruptedException {
        Path knotd = PeerProcess.requireExecutable("knotd");
        String text = "server:\n"
                + "  listen: " + address.getAddress().getHostAddress() + "@" + address.getPort() + "\n"
                + "  rundir: \"" + workDir + "\"\n"
                + "log:\n  - target: stdout\n    any: info\n"
                + "database:\n  storage: \"" + workDir + "\"\n"
                + "control:\n  listen: \"" + workDir.resolve("knot.sock") + "\"\n"
                + "key:\n  - id: " + key.name() + "\n    algorithm: " + key.algorithm() + "\n    secret: "
                + key.secret() + "\n"
                + "remote:\n  - id: secondary\n    address: " + secondary.getAddress().getHostAddress() + "@"
                + secondary.getPort() + "\n    key: " + key.name() + "\n"
                + "acl:\n  - id: transfer\n    key: " + key.name() + "\n    action: transfer\n"
                + "zone:\n  - domain: " + zone + "\n    storage: \"" + zoneFile.toAbsolutePath().getParent()
                + "\"\n    file: \"" + zoneFile.getFileName() + "\"\n    notify: secondary\n    acl: transfer\n"
                + "    zonefile-load: difference\n    zonefile-sync: -1\n";
        Path config = workDir.resolve("knot.conf");
        Files.writeString(config, text);
        return PeerProcess.start("knotd", List.of(knotd.toString(), "-c", config.toString()), address,
                workDir.resolve("knot.out"));
    }

    /** Has the knotd started in {@code workDir} re-read its zone files ({@code knotc zone-reload}). */
    public static void reload(Path workDir) throws IOException, InterruptedException {
        Path knotc = PeerProcess.requireExecutable("knotc");
        Process process = new ProcessBuilder(knotc.toString(), "-s", workDir.resolve("knot.sock").toString(),
                "zone-reload").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("knotc zone-reload failed: " + output);
        }
    }
}
