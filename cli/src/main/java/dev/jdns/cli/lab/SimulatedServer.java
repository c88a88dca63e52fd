package dev.jdns.cli.lab;

import dev.jdns.authoritative.LoadedZone;
import java.net.Inet4Address;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * One name server of the simulated internet, as the zones describe it: an NS target name, the address its glue
 * (or its own zone) gives, and every zone whose apex NS records name it. Of those it is the primary of the zones
 * whose SOA names it ({@link #primaryName}); it is a secondary of the others, which it transfers from their
 * primary.
 */
public record SimulatedServer(Name name, Inet4Address address, List<LoadedZone> zones) {

    public SimulatedServer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        zones = List.copyOf(zones);
    }

    /**
     * The primary of {@code zone}: the server its SOA MNAME names (RFC 1035 section 3.3.13, "the primary source of
     * data for this zone"; RFC 1996 section 2 calls it the primary master), when that server is one of the zone's
     * NS. Empty for a hidden primary (MNAME not in the NS set): then every server of the zone loads its file.
     */
    public static Optional<Name> primaryName(LoadedZone zone) {
        Name mname = zone.soa().getHost();
        return Topology.apexNameServers(zone).contains(mname) ? Optional.of(mname) : Optional.empty();
    }

    /** Whether this server transfers {@code zone} from its primary rather than loading the file. */
    public boolean isSecondaryFor(LoadedZone zone) {
        return primaryName(zone).filter(primary -> !primary.equals(name)).isPresent();
    }

    /** The zones this server loads from their files (it is their primary), in the order of {@link #zones()}. */
    public List<LoadedZone> primaryZones() {
        return zones.stream().filter(zone -> !isSecondaryFor(zone)).toList();
    }

    /** The zones this server transfers from their primaries, in the order of {@link #zones()}. */
    public List<LoadedZone> secondaryZones() {
        return zones.stream().filter(this::isSecondaryFor).toList();
    }

    /** The zone origins, in the order of {@link #zones()}. */
    public List<Name> origins() {
        return zones.stream().map(LoadedZone::origin).toList();
    }

    /** The files of the zones it is primary for, in the order of {@link #zones()}. */
    public List<Path> zoneFiles() {
        return primaryZones().stream().map(LoadedZone::source).toList();
    }

    /** The server's name without the final dot, for people ("a.root-servers.net"). */
    public String displayName() {
        return name.toString(true);
    }

    /** Origins for people: ". arpa. root-servers.net.", secondary ones marked "(2nd)". */
    public String displayOrigins() {
        return String.join(" ", zones.stream()
                .map(zone -> zone.origin() + (isSecondaryFor(zone) ? " (2nd)" : "")).toList());
    }
}
