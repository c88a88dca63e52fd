package dev.jdns.cli;

import dev.jdns.authoritative.AccessPolicy;
import dev.jdns.authoritative.SecondaryRole;
import dev.jdns.authoritative.ZoneServers;
import dev.jdns.authoritative.ZoneStore;
import dev.jdns.authoritative.catalog.CatalogConsumer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Name;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The flags of {@code jdns serve} as a secondary: the zones it transfers in, and from where. */
final class SecondaryOptions {

    /** Longest a transfer in may take, connection included. */
    private static final Duration TRANSFER_TIMEOUT = Duration.ofMinutes(2);

    @Option(names = "--secondary", paramLabel = "ZONE=ADDR[@PORT][,...][,key:NAME]",
            converter = PrimaryOptions.NotifyConverter.class,
            description = "Serve ZONE as a secondary of these primaries (tried in order): AXFR at first, then IXFR"
                    + " on the SOA refresh/retry timers and at once on NOTIFY, signed with key NAME if given; the"
                    + " copy is saved in --state-dir/secondary/ and served at the next start. Repeatable.")
    List<ZoneServers> zones = new ArrayList<>();

    @Option(names = "--catalog", paramLabel = "ZONE", converter = PrimaryOptions.ZoneNameConverter.class,
            description = "The --secondary ZONE is a catalog zone (RFC 9432, version \"2\"): each member it lists"
                    + " becomes a secondary zone, transferred from the catalog's primaries with the catalog's key,"
                    + " and a member removed from the catalog stops being served, without a restart. Repeatable.")
    List<Name> catalogs = new ArrayList<>();

    /** The interpreters of --catalog zones, made by {@link #role}; closed before the role. */
    private final List<CatalogConsumer> consumers = new ArrayList<>();

    /** The --catalog interpreters started by {@link #role}. */
    List<CatalogConsumer> catalogConsumers() {
        return List.copyOf(consumers);
    }

    boolean any() {
        return !zones.isEmpty();
    }

    /** Origins given by --secondary. */
    List<Name> origins() {
        return zones.stream().map(ZoneServers::zone).toList();
    }

    /**
     * The secondary zones, their saved copies already in {@code store}; none when no --secondary is given.
     * {@code --secondary} needs {@code --state-dir}: the copy must outlive a restart.
     *
     * @throws IOException for a key no --key names, or a zone given twice
     */
    Optional<SecondaryRole> role(AccessPolicy access, ZoneStore store, Path stateDir, CommandSpec spec)
            throws IOException {
        if (zones.isEmpty()) {
            if (!catalogs.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--catalog needs its --secondary zone");
            }
            return Optional.empty();
        }
        if (stateDir == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--secondary needs --state-dir DIR (where the transferred copies are kept)");
        }
        for (Name origin : origins()) {
            if (store.get().zone(origin).isPresent()) {
                throw new IOException("zone " + origin + " is both in a zone file and a --secondary");
            }
        }
        try {
            SecondaryRole role = new SecondaryRole(zones, access, store, stateDir.resolve("secondary"),
                    InstantSource.system(), TRANSFER_TIMEOUT);
            role.restoreSavedCopies();
            for (Name catalog : catalogs) {
                CatalogConsumer consumer = new CatalogConsumer(catalog, role, store);
                consumer.applyNow(); // members of the saved catalog served before the journal opens, as it is
                store.addChangeListener(consumer);
                consumers.add(consumer);
            }
            return Optional.of(role);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
