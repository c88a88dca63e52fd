package dev.jdns.cli.control;

import dev.jdns.authoritative.LoadedZone;
import dev.jdns.authoritative.NotifyTarget;
import dev.jdns.authoritative.PrimaryRole;
import dev.jdns.authoritative.SecondaryRole;
import dev.jdns.authoritative.ZoneCatalog;
import dev.jdns.authoritative.ZoneStore;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.xbill.DNS.Name;

/** The authoritative server's control verbs: its zones (status, reload), {@code notify} and {@code retransfer}. */
public final class ServeControl {

    private ServeControl() {}

    /**
     * @param reloadAll what SIGHUP does: the config file, then every zone file
     * @param primary     sends NOTIFY to a zone's secondaries
     * @param secondaries the zones this server is a secondary for, when any
     */
    public static ControlCommands addTo(ControlCommands commands, ZoneStore zones, Runnable reloadAll,
            PrimaryRole primary, Optional<SecondaryRole> secondaries) {
        return commands
                .on(ControlVerb.STATUS, (arguments, data, out) -> zoneLines(zones, out))
                .on(ControlVerb.ZONES, (arguments, data, out) -> zoneLines(zones, out))
                .on(ControlVerb.RELOAD, (arguments, data, out) -> {
                    if (arguments.isEmpty()) {
                        reloadAll.run();
                        List<String> problems = zones.problems();
                        if (!problems.isEmpty()) {
                            throw new ControlException(String.join("; ", problems)
                                    + " (the last good copy stays in service)");
                        }
                        zoneLines(zones, out);
                        return;
                    }
                    Name origin = ResolverControl.name(arguments);
                    Optional<String> failure = reloadZone(zones, origin);
                    if (failure.isPresent()) {
                        throw new ControlException(failure.get() + " (the last good copy stays in service)");
                    }
                    out.line(zoneLine(zones.get().zone(origin).orElseThrow()));
                })
                .on(ControlVerb.NOTIFY, (arguments, data, out) -> {
                    Name origin = ResolverControl.name(arguments);
                    ZoneCatalog catalog = zones.get();
                    LoadedZone zone = catalog.zone(origin)
                            .orElseThrow(() -> new ControlException("no zone " + origin));
                    List<NotifyTarget> targets = primary.notifyNow(zone, catalog);
                    if (targets.isEmpty()) {
                        throw new ControlException("no NOTIFY target for " + origin
                                + " (--notify, or its NS addresses in --allow-transfer)");
                    }
                    out.line("NOTIFY for " + origin + " serial " + zone.soa().getSerial() + " sent to "
                            + targets.stream().map(NotifyTarget::toString).collect(Collectors.joining(", ")));
                })
                .on(ControlVerb.RETRANSFER, (arguments, data, out) -> {
                    Name origin = ResolverControl.name(arguments);
                    if (!secondaries.map(role -> role.retransfer(origin)).orElse(false)) {
                        throw new ControlException(origin + " is not a secondary zone here (--secondary)");
                    }
                    out.line("AXFR of " + origin + " from its primaries started");
                });
    }

    private static Optional<String> reloadZone(ZoneStore zones, Name origin) throws ControlException {
        try {
            return zones.reloadZone(origin);
        } catch (IllegalArgumentException unknown) {
            throw new ControlException(unknown.getMessage());
        }
    }

    private static void zoneLines(ZoneStore zones, ControlCommands.Output out) throws IOException {
        for (LoadedZone zone : zones.get().zones().stream()
                .sorted(Comparator.comparing(LoadedZone::origin)).toList()) {
            out.line(zoneLine(zone));
        }
    }

    private static String zoneLine(LoadedZone zone) {
        return "zone: " + zone.origin() + " serial " + zone.soa().getSerial();
    }
}
