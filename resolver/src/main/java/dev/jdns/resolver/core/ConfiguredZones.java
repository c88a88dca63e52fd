package dev.jdns.resolver.core;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * The forward and stub zones, looked up by the longest zone that encloses a name: {@code --forward .=...} sends
 * everything, and a longer {@code --stub corp.example=...} still wins for names under it (as Unbound picks the
 * closest forward-zone or stub-zone). Immutable; one zone name may be configured once.
 */
public final class ConfiguredZones {

    public static final ConfiguredZones NONE = new ConfiguredZones(List.of(), false);

    private final Map<Name, ConfiguredZone> byZone = new HashMap<>();
    private final boolean forwardFirst;

    /**
     * @param forwardFirst when forwarding a question fails (no forwarder answers usefully), iterate from the
     *                     closest cut instead of answering SERVFAIL (Unbound's forward-first)
     * @throws IllegalArgumentException when a zone is configured twice
     */
    public ConfiguredZones(List<ConfiguredZone> zones, boolean forwardFirst) {
        for (ConfiguredZone zone : zones) {
            ConfiguredZone earlier = byZone.putIfAbsent(zone.zone(), zone);
            if (earlier != null) {
                throw new IllegalArgumentException("zone " + zone.zone() + " is configured twice (as "
                        + earlier.kind().name().toLowerCase() + " and " + zone.kind().name().toLowerCase() + ")");
            }
        }
        this.forwardFirst = forwardFirst;
    }

    /** The configured zone closest to {@code name} (the longest that is {@code name} or one of its ancestors). */
    public Optional<ConfiguredZone> closestEnclosing(Name name) {
        if (byZone.isEmpty()) {
            return Optional.empty();
        }
        for (int stripped = 0; stripped < name.labels(); stripped++) {
            ConfiguredZone zone = byZone.get(stripped == 0 ? name : new Name(name, stripped));
            if (zone != null) {
                return Optional.of(zone);
            }
        }
        return Optional.empty();
    }

    /** The zone configured at exactly {@code zone}, if any. */
    public Optional<ConfiguredZone> at(Name zone) {
        return Optional.ofNullable(byZone.get(zone));
    }

    public boolean forwardFirst() {
        return forwardFirst;
    }
}
