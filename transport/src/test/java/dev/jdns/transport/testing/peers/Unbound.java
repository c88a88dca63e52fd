package dev.jdns.transport.testing.peers;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Unbound, NLnet Labs' recursive resolver, configured in a temporary folder: iterator only, or validating with
 * {@link #startValidating},
 * listening on one loopback socket, allowed to query loopback servers, with its whole state (config, pid file, log)
 * in the folder.
 */
public final class Unbound {

    private Unbound() {}

    /**
     * What Unbound resolves against.
     *
     * @param rootHints  a named.root-format file, used unless {@code stubs} has the root: Unbound primes from a
     *                   root-hints file on port 53 even when a stub zone for the root names another port
     * @param stubs      zone -> its servers as {@code ADDR@PORT}; Unbound sends to delegated servers on port 53
     *                   only, so a hierarchy on unprivileged ports is reached through a stub zone per zone cut
     * @param localData  records answered locally, as a hosts file would be ({@code "name. 3600 IN A 192.0.2.1"})
     * @param nodefault  zones that Unbound answers locally by default (RFC 6761 names such as {@code test.}) but
     *                   that the hierarchy serves
     * @param rpz        response policy zones, in order (Unbound's {@code rpz:} clauses, with the respip module)
     * @param extraConfig  unbound.conf text appended as it is, after everything else: further clauses
     *                     ({@code forward-zone:}), or a {@code server:} clause whose options override the ones above
     *                     (e.g. {@code qname-minimisation: yes})
     */
    public record Setup(Path rootHints, Map<String, List<String>> stubs, List<String> localData,
                        List<String> nodefault, List<PolicyZone> rpz, String extraConfig) {

        public Setup(Path rootHints, Map<String, List<String>> stubs, List<String> localData,
                List<String> nodefault) {
            this(rootHints, stubs, localData, nodefault, List.of());
        }

        public Setup(Path rootHints, Map<String, List<String>> stubs, List<String> localData,
                List<String> nodefault, List<PolicyZone> rpz) {
            this(rootHints, stubs, localData, nodefault, rpz, "");
        }
    }

    /** A response policy zone: its name (Unbound's rpz {@code name:}) and its zone file. */
    public record PolicyZone(String name, Path file) {}

    /** Starts {@code unbound -d} on {@code address}. Skips the test when Unbound is not installed (outside CI). */
    public static PeerProcess start(InetSocketAddress address, Setup setup, Path workDir)
            throws IOException, InterruptedException {
        return start(address, setup, null, workDir);
    }

    /**
     * As {@link #start(InetSocketAddress, Setup, Path)} with Unbound's DNSSEC validator on, starting from the DS or
     * DNSKEY records in {@code trustAnchorFile} (its {@code trust-anchor-file}).
     */
    public static PeerProcess startValidating(InetSocketAddress address, Setup setup, Path trustAnchorFile,
            Path workDir) throws IOException, InterruptedException {
        return start(address, setup, trustAnchorFile, workDir);
    }

    private static PeerProcess start(InetSocketAddress address, Setup setup, Path trustAnchorFile, Path workDir)
            throws IOException, InterruptedException {
        Path unbound = PeerProcess.requireExecutable("unbound");
        Path config = workDir.resolve("unbound.conf");
        Files.writeString(config, config(address, setup, trustAnchorFile, workDir));
        return PeerProcess.start("unbound", List.of(unbound.toString(), "-d", "-c", config.toString()), address,
                workDir.resolve("unbound.out"));
    }

    private static String config(InetSocketAddress address, Setup setup, Path trustAnchorFile, Path dir) {
        StringBuilder text = new StringBuilder();
        String respip = setup.rpz().isEmpty() ? "" : "respip "; // Unbound's RPZ lives in the respip module
        text.append("server:\n")
                .append("  interface: ").append(address.getAddress().getHostAddress()).append('@')
                .append(address.getPort()).append('\n')
                .append("  port: ").append(address.getPort()).append('\n')
                .append("  access-control: 127.0.0.0/8 allow\n")
                .append("  do-not-query-localhost: no\n  do-ip6: no\n")
                .append("  username: \"\"\n  chroot: \"\"\n  use-syslog: no\n  verbosity: 1\n")
                .append("  num-threads: 1\n  so-reuseport: no\n")
                .append("  directory: \"").append(dir).append("\"\n")
                .append("  pidfile: \"").append(dir.resolve("unbound.pid")).append("\"\n")
                .append("  logfile: \"\"\n") // stderr, into the process log that PeerProcess keeps
                .append(trustAnchorFile == null ? "  module-config: \"" + respip + "iterator\"\n"
                        : "  module-config: \"" + respip + "validator iterator\"\n  trust-anchor-file: \""
                                + trustAnchorFile.toAbsolutePath() + "\"\n  val-log-level: 2\n  ede: yes\n")
                // jdns does not minimise query names either; the answers must not depend on it anyway.
                .append("  qname-minimisation: no\n")
                .append("  rrset-roundrobin: no\n")
                // A silent test server must not hold a query for Unbound's default 120 s of back-off.
                .append("  infra-cache-max-rtt: 1000\n");
        if (!setup.stubs().containsKey(".")) {
            text.append("  root-hints: \"").append(setup.rootHints().toAbsolutePath()).append("\"\n");
        }
        setup.nodefault().forEach(zone -> text.append("  local-zone: \"").append(zone).append("\" nodefault\n"));
        setup.localData().forEach(rr -> text.append("  local-data: \"").append(rr).append("\"\n"));
        text.append("remote-control:\n  control-enable: no\n");
        setup.stubs().forEach((zone, servers) -> {
            text.append("stub-zone:\n  name: \"").append(zone).append("\"\n");
            servers.forEach(server -> text.append("  stub-addr: ").append(server).append('\n'));
        });
        setup.rpz().forEach(zone -> text.append("rpz:\n  name: \"").append(zone.name()).append("\"\n  zonefile: \"")
                .append(zone.file().toAbsolutePath()).append("\"\n  rpz-log: yes\n"));
        return text.append(setup.extraConfig()).toString();
    }
}
