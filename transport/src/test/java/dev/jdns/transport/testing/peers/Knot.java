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
        String text = header(address, key, workDir)
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
        String text = header(address, key, workDir)
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
        knotc(workDir, "zone-reload");
    }

    /**
     * Starts knotd as the primary of a catalog zone it generates ({@code catalog-role: generate}, RFC 9432) and
     * of {@code members}, each a zone file in its own directory ({@code NAME.zone}) listed in the catalog: every
     * zone transferable only with {@code key}, the catalog notified (signed) to {@code secondary}. Change the
     * members with {@link #changeCatalogMembers}.
     */
    public static PeerProcess startCatalogPrimary(InetSocketAddress address, String catalog, List<String> members,
            InetSocketAddress secondary, PeerKey key, Path workDir) throws IOException, InterruptedException {
        Path knotd = PeerProcess.requireExecutable("knotd");
        writeCatalogPrimary(address, catalog, members, secondary, key, workDir);
        return PeerProcess.start("knotd", List.of(knotd.toString(), "-c", workDir.resolve("knot.conf").toString()),
                address, workDir.resolve("knot.out"));
    }

    /** Has the catalog primary started in {@code workDir} serve {@code members} now (config rewritten, reloaded). */
    public static void changeCatalogMembers(InetSocketAddress address, String catalog, List<String> members,
            InetSocketAddress secondary, PeerKey key, Path workDir) throws IOException, InterruptedException {
        writeCatalogPrimary(address, catalog, members, secondary, key, workDir);
        knotc(workDir, "reload");
    }

    private static void writeCatalogPrimary(InetSocketAddress address, String catalog, List<String> members,
            InetSocketAddress secondary, PeerKey key, Path workDir) throws IOException {
        StringBuilder text = new StringBuilder(header(address, key, workDir))
                .append("remote:\n  - id: secondary\n    address: ").append(secondary.getAddress().getHostAddress())
                .append("@").append(secondary.getPort()).append("\n    key: ").append(key.name()).append("\n")
                .append("acl:\n  - id: transfer\n    key: ").append(key.name()).append("\n    action: transfer\n")
                .append("zone:\n  - domain: ").append(catalog).append("\n    catalog-role: generate\n")
                .append("    notify: secondary\n    acl: transfer\n");
        for (String member : members) {
            text.append("  - domain: ").append(member).append("\n    storage: \"").append(workDir)
                    .append("\"\n    file: \"%s.zone\"\n    zonefile-sync: -1\n    acl: transfer\n")
                    .append("    catalog-role: member\n    catalog-zone: ").append(catalog).append("\n");
        }
        Files.writeString(workDir.resolve("knot.conf"), text);
    }

    /**
     * Starts knotd as a consumer of the catalog zone {@code catalog} ({@code catalog-role: interpret}): the catalog
     * and every member it lists are transferred from {@code primary} with {@code key}, NOTIFY accepted from there.
     */
    public static PeerProcess startCatalogSecondary(InetSocketAddress address, String catalog,
            InetSocketAddress primary, PeerKey key, Path workDir) throws IOException, InterruptedException {
        Path knotd = PeerProcess.requireExecutable("knotd");
        String primaryAddress = primary.getAddress().getHostAddress();
        String text = header(address, key, workDir)
                + "remote:\n  - id: primary\n    address: " + primaryAddress + "@" + primary.getPort()
                + "\n    key: " + key.name() + "\n"
                + "acl:\n  - id: notify-from-primary\n    address: " + primaryAddress + "\n    key: " + key.name()
                + "\n    action: notify\n"
                + "template:\n  - id: member\n    storage: \"" + workDir + "\"\n    file: \"%s.zone\"\n"
                + "    master: primary\n    acl: notify-from-primary\n"
                + "zone:\n  - domain: " + catalog + "\n    storage: \"" + workDir + "\"\n    file: \"%s.zone\"\n"
                + "    master: primary\n    acl: notify-from-primary\n    catalog-role: interpret\n"
                + "    catalog-template: member\n";
        Path config = workDir.resolve("knot.conf");
        Files.writeString(config, text);
        return PeerProcess.start("knotd", List.of(knotd.toString(), "-c", config.toString()), address,
                workDir.resolve("knot.out"));
    }

    /** The server, log, database, control and key sections every configuration here starts with. */
    private static String header(InetSocketAddress address, PeerKey key, Path workDir) {
        return "server:\n"
                + "  listen: " + address.getAddress().getHostAddress() + "@" + address.getPort() + "\n"
                + "  rundir: \"" + workDir + "\"\n"
                + "log:\n  - target: stdout\n    any: info\n"
                + "database:\n  storage: \"" + workDir + "\"\n"
                + "control:\n  listen: \"" + workDir.resolve("knot.sock") + "\"\n"
                + "key:\n  - id: " + key.name() + "\n    algorithm: " + key.algorithm() + "\n    secret: "
                + key.secret() + "\n";
    }

    private static void knotc(Path workDir, String command) throws IOException, InterruptedException {
        Path knotc = PeerProcess.requireExecutable("knotc");
        Process process = new ProcessBuilder(knotc.toString(), "-s", workDir.resolve("knot.sock").toString(),
                command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("knotc " + command + " failed: " + output);
        }
    }
}
