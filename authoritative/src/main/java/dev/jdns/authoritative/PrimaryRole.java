package dev.jdns.authoritative;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * What a primary does when a zone changes (a reload put a new version in service): the difference goes into the
 * journal, for IXFR, and NOTIFY goes to the zone's secondaries (RFC 1996). A change must raise the SOA serial
 * (RFC 1982 arithmetic): one that does not is served, but secondaries will not transfer it, so it is logged, and
 * the journal forgets the zone (its history no longer leads to what is served).
 *
 * <p>Secondaries are the {@code --notify} targets of the zone, and the addresses of its NS names found in the
 * zones we serve, when they are not ours and the transfer ACL admits them by address (a secondary we would refuse
 * is not worth telling; and a server that transfers to nobody sends nothing, so an ordinary `jdns serve` never
 * sends packets to the addresses in its zone data). Such a NOTIFY is signed with the key that ACL entry names.
 */
public final class PrimaryRole implements ZoneChangeListener {

    private static final Logger LOG = System.getLogger(PrimaryRole.class.getName());

    private final ZoneJournal journal;
    private final NotifySender notifier;
    private final Map<Name, List<NotifyTarget>> alsoNotify;
    private final Acl allowTransfer;
    private final Set<InetSocketAddress> ownAddresses;

    /**
     * @param alsoNotify   the {@code --notify} targets per zone origin
     * @param ownAddresses the sockets we listen on, never notified
     */
    public PrimaryRole(ZoneJournal journal, NotifySender notifier, Map<Name, List<NotifyTarget>> alsoNotify,
            Acl allowTransfer, Set<InetSocketAddress> ownAddresses) {
        this.journal = journal;
        this.notifier = notifier;
        this.alsoNotify = Map.copyOf(alsoNotify);
        this.allowTransfer = allowTransfer;
        this.ownAddresses = Set.copyOf(ownAddresses);
    }

    @Override
    public void catalogChanged(ZoneCatalog before, ZoneCatalog after) {
        for (LoadedZone zone : after.zones()) {
            Optional<LoadedZone> previous = before.zone(zone.origin());
            if (previous.isPresent() && previous.get() == zone) {
                continue; // the same version: its file did not change
            }
            if (previous.isEmpty() || changed(previous.get(), zone)) {
                notifier.notifyAll(zone.soa(), targets(zone, after));
            }
        }
    }

    /**
     * Sends NOTIFY for {@code zone} now to every target it has (an operator's {@code notify ZONE}), as a change
     * would; returns the targets.
     */
    public List<NotifyTarget> notifyNow(LoadedZone zone, ZoneCatalog catalog) {
        List<NotifyTarget> targets = targets(zone, catalog);
        notifier.notifyAll(zone.soa(), targets);
        return targets;
    }

    /** Journals a new version; false when its serial did not go up (secondaries would ignore a NOTIFY). */
    private boolean changed(LoadedZone previous, LoadedZone zone) {
        long from = previous.soa().getSerial();
        long to = zone.soa().getSerial();
        try {
            if (!SerialNumber.isNewer(to, from)) {
                LOG.log(Level.WARNING, "{0} reloaded with serial {1}, not above {2}: secondaries will not transfer"
                        + " it (raise the serial)", zone.origin(), to, from);
                journal.reset(zone.origin());
                return false;
            }
            ZoneDiff diff = ZoneDiff.between(previous, zone);
            journal.record(zone.origin(), diff);
            LOG.log(Level.INFO, "{0}: journaled {1}", zone.origin(), diff);
        } catch (IOException e) {
            // Still served and notified: secondaries then get a full transfer, which costs time, not data.
            LOG.log(Level.WARNING, "{0}: cannot write the journal ({1}); IXFR will send the whole zone",
                    zone.origin(), e.getMessage());
        }
        return true;
    }

    /** The {@code --notify} targets, then the NS addresses the transfer ACL admits by address. */
    List<NotifyTarget> targets(LoadedZone zone, ZoneCatalog catalog) {
        Set<NotifyTarget> targets = new LinkedHashSet<>(alsoNotify.getOrDefault(zone.origin(), List.of()));
        for (InetAddress address : nameServerAddresses(zone, catalog)) {
            InetSocketAddress socket = new InetSocketAddress(address, ZoneServers.DNS_PORT);
            if (ownAddresses.contains(socket)) {
                continue;
            }
            allowTransfer.entryForAddress(address)
                    .ifPresent(entry -> targets.add(new NotifyTarget(socket, entry.key())));
        }
        return new ArrayList<>(targets);
    }

    /** Addresses of the zone's NS names that our own zones hold (we resolve nothing). */
    private static List<InetAddress> nameServerAddresses(LoadedZone zone, ZoneCatalog catalog) {
        List<InetAddress> addresses = new ArrayList<>();
        for (Name server : zone.nameServers(zone.origin())) {
            catalog.zoneFor(server, Type.A).ifPresent(holder -> holder.addressesOf(server).forEach(
                    set -> set.records().forEach(record -> addresses.add(address(record)))));
        }
        return addresses;
    }

    private static InetAddress address(Record record) {
        return record instanceof ARecord a ? a.getAddress() : ((AAAARecord) record).getAddress();
    }
}
