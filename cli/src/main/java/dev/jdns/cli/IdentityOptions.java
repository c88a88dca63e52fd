package dev.jdns.cli;

import dev.jdns.authoritative.ChaosIdentity;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * What {@code jdns serve} tells whoever asks CHAOS TXT {@code version.bind} or {@code id.server}: nothing unless
 * the operator says so. A version invites attacks aimed at it, and a host name tells an outsider which machine
 * answered; so both are refused by default, as NSD does with {@code hide-version}/{@code hide-identity}, and no
 * host-name lookup runs at start.
 */
final class IdentityOptions {

    @Option(names = "--identity", paramLabel = "TEXT",
            description = "Answer CHAOS TXT id.server and hostname.bind with TEXT (default: refused).")
    String identity;

    @Option(names = "--version-string", paramLabel = "TEXT",
            description = "Answer CHAOS TXT version.bind and version.server with TEXT (default: refused).")
    String version;

    /** The earlier names: kept so existing scripts run on, and left out of --help. */
    @Option(names = "--server-id", paramLabel = "TEXT", hidden = true)
    void serverId(String text) {
        identity = text;
    }

    @Option(names = "--server-version", paramLabel = "TEXT", hidden = true)
    void serverVersion(String text) {
        version = text;
    }

    /** Refused is now the default; the flag still refuses both even when set, as it always did. */
    @Option(names = "--no-chaos", hidden = true)
    boolean noChaos;

    ChaosIdentity chaos() {
        if (noChaos) {
            return ChaosIdentity.hidden();
        }
        return new ChaosIdentity(Optional.ofNullable(version), Optional.ofNullable(identity));
    }
}
