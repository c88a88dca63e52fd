package dev.jdns.cli.lab;

import dev.jdns.authoritative.LoadedZone;
import java.net.Inet4Address;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.xbill.DNS.Name;

/**
 * One name server of the simulated internet, as the zones describe it: an NS target name, the address its glue
 * (or its own zone) gives, and every zone whose apex NS records name it.
 */
public record SimulatedServer(Name name, Inet4Address address, List<LoadedZone> zones) {

    public SimulatedServer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        zones = List.copyOf(zones);
    }

    /** The zone origins, in the order of {@link #zones()}. */
    public List<Name> origins() {
        return zones.stream().map(LoadedZone::origin).toList();
    }

    /** The files the zones come from, in the order of {@link #zones()}. */
    public List<Path> zoneFiles() {
        return zones.stream().map(LoadedZone::source).toList();
    }

    /** The server's name without the final dot, for people ("a.root-servers.net"). */
    public String displayName() {
        return name.toString(true);
    }

    /** Origins for people: ". arpa. root-servers.net." */
    public String displayOrigins() {
        return String.join(" ", origins().stream().map(Name::toString).toList());
    }
}
