package dev.jdns.transport.testing.peers;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** BIND 9 (named), ISC's server, configured in a temporary folder on one loopback socket. */
public final class Bind {

    private Bind() {}

    /**
     * Starts named as the primary of {@code zone} from {@code zoneFile}: transfers only to requests signed with
     * {@code key}, NOTIFY (signed with it) to {@code secondary} alone, IXFR computed from the differences between
     * successive versions of the file ({@code ixfr-from-differences}); {@code SIGHUP} re-reads the file. No rndc
     * channel, so tests running side by side do not fight for its port. Skips the test when BIND is not installed
     * (outside CI).
     */
    public static PeerProcess startPrimary(InetSocketAddress address, String zone, Path zoneFile,
            InetSocketAddress secondary, PeerKey key, Path workDir) throws IOException, InterruptedException {
        Path named = PeerProcess.requireExecutable("named");
        String text = optionsHead(address, workDir)
                + "  notify explicit;\n"
                + "  also-notify { " + secondary.getAddress().getHostAddress() + " port " + secondary.getPort()
                + " key \"" + key.name() + "\"; };\n"
                + "  ixfr-from-differences yes;\n"
                + "};\n"
                + "controls { };\n"
                + "key \"" + key.name() + "\" { algorithm " + key.algorithm() + "; secret \"" + key.secret()
                + "\"; };\n"
                + "zone \"" + zone + "\" { type primary; file \"" + zoneFile.toAbsolutePath() + "\";"
                + " allow-transfer { key \"" + key.name() + "\"; }; };\n";
        return start(named, address, text, workDir);
    }

    /**
     * Starts named as a consumer of the catalog zone {@code catalog} (RFC 9432, {@code catalog-zones}): the catalog
     * is a secondary zone transferred from {@code primary} with {@code key}, and every member it lists is added as a
     * secondary zone transferred from there too ({@code default-primaries}), kept in memory; catalog changes are
     * applied at most once a second.
     */
    public static PeerProcess startCatalogSecondary(InetSocketAddress address, String catalog,
            InetSocketAddress primary, PeerKey key, Path workDir) throws IOException, InterruptedException {
        Path named = PeerProcess.requireExecutable("named");
        String primaries = "{ " + primary.getAddress().getHostAddress() + " port " + primary.getPort() + " key \""
                + key.name() + "\"; }";
        String text = optionsHead(address, workDir) + "  notify no;\n"
                + "  allow-new-zones yes;\n"
                + "  catalog-zones { zone \"" + catalog + "\" default-primaries " + primaries
                + " in-memory yes min-update-interval 1; };\n"
                + "};\n"
                + "controls { };\n"
                + "key \"" + key.name() + "\" { algorithm " + key.algorithm() + "; secret \"" + key.secret()
                + "\"; };\n"
                + "zone \"" + catalog + "\" { type secondary; file \"" + workDir.resolve("catalog.db") + "\";"
                + " primaries " + primaries + "; };\n";
        return start(named, address, text, workDir);
    }

    /**
     * Starts named as a plain primary of {@code zone} from {@code zoneFile}, logging every query it receives (its
     * query log flags show the EDNS options: K a cookie without a valid server cookie, V a valid one, T TCP), with
     * {@code extraOptions} in its options block (such as {@code require-server-cookie yes;}).
     */
    public static PeerProcess startAuthoritative(InetSocketAddress address, String zone, Path zoneFile,
            String extraOptions, Path workDir) throws IOException, InterruptedException {
        Path named = PeerProcess.requireExecutable("named");
        String text = optionsHead(address, workDir) + "  notify no;\n  querylog yes;\n"
                + "  " + extraOptions + "\n"
                + "};\n"
                + "controls { };\n"
                + "zone \"" + zone + "\" { type primary; file \"" + zoneFile.toAbsolutePath() + "\"; };\n";
        return start(named, address, text, workDir);
    }

    /** The options every configuration here shares: its own directory, one listening socket, no recursion. */
    private static String optionsHead(InetSocketAddress address, Path workDir) {
        return "options {\n"
                + "  directory \"" + workDir + "\";\n"
                + "  pid-file none;\n"
                + "  session-keyfile \"" + workDir.resolve("session.key") + "\";\n"
                + "  managed-keys-directory \"" + workDir + "\";\n"
                + "  listen-on port " + address.getPort() + " { " + address.getAddress().getHostAddress() + "; };\n"
                + "  listen-on-v6 { none; };\n"
                + "  recursion no;\n  dnssec-validation no;\n";
    }

    private static PeerProcess start(Path named, InetSocketAddress address, String configText, Path workDir)
            throws IOException, InterruptedException {
        Path config = workDir.resolve("named.conf");
        Files.writeString(config, configText);
        return PeerProcess.start("named", List.of(named.toString(), "-g", "-c", config.toString()), address,
                workDir.resolve("named.out"));
    }
}
