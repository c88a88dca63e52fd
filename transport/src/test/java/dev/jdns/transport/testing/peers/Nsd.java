package dev.jdns.transport.testing.peers;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** NSD, NLnet Labs' authoritative server, configured in a temporary folder and serving on one loopback socket. */
public final class Nsd {

    private Nsd() {}

    /**
     * Starts NSD serving {@code zones} (origin -> zone file) on a free port of {@code host}, with its whole state
     * (config, pid file, log, xfrd state) in {@code workDir}. Skips the test when NSD is not installed (outside CI).
     */
    public static PeerProcess start(String host, Map<String, Path> zones, Path workDir)
            throws IOException, InterruptedException {
        return start(PeerProcess.freeAddress(host), zones, workDir);
    }

    /** As {@link #start(String, Map, Path)} on a chosen socket (servers of a hierarchy sharing one port). */
    public static PeerProcess start(InetSocketAddress address, Map<String, Path> zones, Path workDir)
            throws IOException, InterruptedException {
        Path nsd = PeerProcess.requireExecutable("nsd");
        Path config = workDir.resolve("nsd.conf");
        Files.writeString(config, config(address, zones, workDir));
        return PeerProcess.start("nsd", List.of(nsd.toString(), "-d", "-c", config.toString()), address,
                workDir.resolve("nsd.out"));
    }

    /**
     * Starts NSD as a secondary of {@code zone}: transfers from {@code primary} signed with {@code key} (IXFR, AXFR
     * at first), NOTIFY accepted from the primary's address with that key; the copy is written in {@code workDir}.
     */
    public static PeerProcess startSecondary(InetSocketAddress address, String zone, InetSocketAddress primary,
            PeerKey key, Path workDir) throws IOException, InterruptedException {
        Path nsd = PeerProcess.requireExecutable("nsd");
        String primaryText = primary.getAddress().getHostAddress() + "@" + primary.getPort();
        String text = serverSection(address, workDir)
                + "key:\n  name: \"" + key.name() + "\"\n  algorithm: " + key.algorithm() + "\n  secret: \""
                + key.secret() + "\"\n"
                + "zone:\n  name: \"" + zone + "\"\n  zonefile: \"" + workDir.resolve(zone + "zone") + "\"\n"
                + "  request-xfr: " + primaryText + " " + key.name() + "\n"
                + "  allow-notify: " + primary.getAddress().getHostAddress() + " " + key.name() + "\n";
        Path config = workDir.resolve("nsd.conf");
        Files.writeString(config, text);
        return PeerProcess.start("nsd", List.of(nsd.toString(), "-d", "-c", config.toString()), address,
                workDir.resolve("nsd.out"));
    }

    private static String config(InetSocketAddress address, Map<String, Path> zones, Path dir) {
        StringBuilder text = new StringBuilder(serverSection(address, dir));
        zones.forEach((origin, file) -> text.append("zone:\n  name: \"").append(origin).append("\"\n  zonefile: \"")
                .append(file.toAbsolutePath()).append("\"\n  provide-xfr: 127.0.0.0/8 NOKEY\n"));
        return text.toString();
    }

    private static String serverSection(InetSocketAddress address, Path dir) {
        StringBuilder text = new StringBuilder();
        text.append("server:\n")
                .append("  ip-address: ").append(address.getAddress().getHostAddress()).append('@')
                .append(address.getPort()).append('\n')
                .append("  username: \"\"\n  chroot: \"\"\n  database: \"\"\n  server-count: 1\n  verbosity: 1\n")
                // Debian builds NSD with --enable-ratelimit (RRL, 200 replies a second per bucket and /24): a
                // resolver under test bursts past that and sees drops that belong to the peer's policy, not to the
                // behaviour tested. Off, as every other peer in the tests.
                .append("  rrl-ratelimit: 0\n")
                .append("  zonesdir: \"").append(dir).append("\"\n")
                .append("  pidfile: \"").append(dir.resolve("nsd.pid")).append("\"\n")
                .append("  zonelistfile: \"").append(dir.resolve("zone.list")).append("\"\n")
                .append("  xfrdfile: \"").append(dir.resolve("xfrd.state")).append("\"\n")
                .append("  xfrdir: \"").append(dir).append("\"\n")
                .append("  logfile: \"").append(dir.resolve("nsd.log")).append("\"\n")
                .append("remote-control:\n  control-enable: no\n");
        return text.toString();
    }
}
