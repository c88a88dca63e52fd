package dev.jdns.cli;

import dev.jdns.authoritative.ZoneCatalog;
import dev.jdns.authoritative.dnssec.Denial;
import dev.jdns.authoritative.dnssec.KeyLayout;
import dev.jdns.authoritative.dnssec.OnlineSigning;
import dev.jdns.authoritative.dnssec.SignaturePolicy;
import dev.jdns.authoritative.dnssec.ZoneKeys;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code jdns serve}'s online signing flags (GUIDE section 4: {@code --dnssec ZONE|all}, keys in --state-dir). */
final class DnssecOptions {

    @Option(names = "--dnssec", paramLabel = "ZONE|all",
            description = "Sign ZONE (or every zone) online; repeatable. Keys are read from --state-dir/keys, made"
                    + " when missing (ECDSAP256SHA256); the DS for the parent is printed and written to"
                    + " --state-dir/<zone>.ds.")
    List<String> zones = new ArrayList<>();

    @Option(names = "--dnssec-denial", paramLabel = "nsec|nsec3|nsec3-opt-out", defaultValue = "nsec",
            converter = DenialConverter.class,
            description = "How signed zones deny names: NSEC, or NSEC3 (RFC 9276: 0 iterations, no salt),"
                    + " optionally opting out unsigned delegations (default: nsec).")
    Denial denial;

    @Option(names = "--dnssec-keys", paramLabel = "csk|ksk-zsk", defaultValue = "csk",
            converter = KeyLayoutConverter.class,
            description = "Keys made for a zone that has none: one CSK, or a KSK and a ZSK; keys already in"
                    + " --state-dir are used as they are (default: csk).")
    KeyLayout layout;

    @Option(names = "--dnssec-validity", paramLabel = "DURATION", defaultValue = "14d",
            converter = DurationConverter.class,
            description = "Signature validity; signatures are made again when a third of it is left (default: 14d).")
    Duration validity;

    /**
     * The signing the flags ask for, if any. {@code --dnssec} needs {@code --state-dir}: private keys are kept
     * only where the operator said, never in a default place they might not back up or protect.
     */
    Optional<OnlineSigning> signing(Path stateDir, CommandSpec spec) {
        if (zones.isEmpty()) {
            return Optional.empty();
        }
        if (stateDir == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--dnssec needs --state-dir DIR (where the zones' keys are kept)");
        }
        if (validity.compareTo(Duration.ofHours(3)) < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--dnssec-validity must be at least 3h (an hour of it is back-dated for clock skew)");
        }
        return Optional.of(new OnlineSigning(selection(spec), stateDir, layout, denial,
                SignaturePolicy.of(validity), InstantSource.system()));
    }

    private OnlineSigning.Selection selection(CommandSpec spec) {
        Set<Name> names = new HashSet<>();
        boolean all = false;
        for (String zone : zones) {
            if (zone.equalsIgnoreCase("all")) {
                all = true;
                continue;
            }
            try {
                names.add(Name.fromString(zone, Name.root));
            } catch (TextParseException e) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--dnssec " + zone + ": not a zone name: " + e.getMessage());
            }
        }
        return new OnlineSigning.Selection(all, names);
    }

    /** Every zone named with --dnssec is served: a typo must not leave a zone unsigned in silence. */
    static void requireServed(OnlineSigning signing, ZoneCatalog catalog, CommandSpec spec) {
        for (Name zone : signing.selection().zones()) {
            if (catalog.zone(zone).isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--dnssec " + zone + ": no zone file serves this zone");
            }
        }
    }

    /** Per signed zone: its keys, and the DS to publish in the parent (also in the .ds file named). */
    static void announce(OnlineSigning signing, Denial denial, PrintWriter out) {
        for (Map.Entry<Name, ZoneKeys> entry : signing.signedZones().entrySet()) {
            ZoneKeys keys = entry.getValue();
            List<String> described = keys.keys().stream()
                    .map(k -> k.tag() + " (" + (keys.keys().size() == 1 ? "CSK" : k.keySigning() ? "KSK" : "ZSK")
                            + ", " + DNSSEC.Algorithm.string(k.dnskey().getAlgorithm()) + ")")
                    .toList();
            out.println("jdns serve: " + entry.getKey() + " signed with " + denial.flagValue() + ", keys "
                    + String.join(", ", described) + "; DS for the parent in " + signing.dsFile(entry.getKey()));
            keys.dnskeys().forEach(out::println);
            keys.ds().forEach(out::println);
        }
    }

    static final class DenialConverter implements CommandLine.ITypeConverter<Denial> {
        @Override
        public Denial convert(String value) {
            return Denial.fromFlag(value);
        }
    }

    static final class KeyLayoutConverter implements CommandLine.ITypeConverter<KeyLayout> {
        @Override
        public KeyLayout convert(String value) {
            return KeyLayout.fromFlag(value);
        }
    }
}
