package dev.jdns.authoritative.catalog;

import dev.jdns.authoritative.LoadedZone;
import dev.jdns.authoritative.SecondaryRole;
import dev.jdns.authoritative.ZoneCatalog;
import dev.jdns.authoritative.ZoneChangeListener;
import dev.jdns.authoritative.ZoneStore;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * Interprets one secondary zone as a catalog (RFC 9432): whenever a new version of it is in service (initial
 * transfer, IXFR or AXFR after NOTIFY or on the timers, or the copy saved before a restart), its members become
 * secondary zones of their own and zones whose member left stop being served, without a restart.
 *
 * <p>A member keeps the unique ID it was listed under: listed under another ID, its state is reset (removed and
 * transferred afresh, RFC 9432 §5); a member whose name changed under the same ID is the old name removed and the
 * new one added. A catalog version that is not usable ({@link CatalogMembers.Unusable}) changes nothing: the
 * members of the last usable version stay.
 *
 * <p>The store tells of new versions while it holds its lock; the members are changed on a thread of this class
 * (adding a member puts its saved copy in the store, which a listener must not do), one change at a time.
 */
public final class CatalogConsumer implements ZoneChangeListener, AutoCloseable {

    private static final Logger LOG = System.getLogger(CatalogConsumer.class.getName());

    private final Name catalog;
    private final SecondaryRole secondaries;
    private final ZoneStore store;
    private final CoalescedPasses passes;
    /** The unique ID of each member applied; touched only by the passes (and by {@link #applyNow} before them). */
    private final Map<Name, String> applied = new HashMap<>();
    private LoadedZone lastRead;

    /**
     * @throws IllegalArgumentException when {@code catalog} is not a configured secondary zone
     */
    public CatalogConsumer(Name catalog, SecondaryRole secondaries, ZoneStore store) {
        if (!secondaries.configured(catalog)) {
            throw new IllegalArgumentException("--catalog " + catalog + " is not a --secondary zone");
        }
        this.catalog = catalog;
        this.secondaries = secondaries;
        this.store = store;
        this.passes = new CoalescedPasses("catalog " + catalog, "applying", this::applyNow);
    }

    /** Applies the version in service now, on the calling thread: at start, to serve the members saved before. */
    public void applyNow() {
        Optional<LoadedZone> version = store.get().zone(catalog);
        if (version.isEmpty() || version.get() == lastRead) {
            return;
        }
        lastRead = version.get();
        try {
            apply(CatalogMembers.read(version.get()));
        } catch (CatalogMembers.Unusable e) {
            LOG.log(Level.WARNING, "catalog {0} serial {1} not applied, members unchanged: {2} (RFC 9432 §4.2.1)",
                    catalog, Long.toString(version.get().soa().getSerial()), e.getMessage());
        }
    }

    @Override
    public void catalogChanged(ZoneCatalog before, ZoneCatalog after) {
        Optional<LoadedZone> now = after.zone(catalog);
        if (now.isEmpty() || before.zone(catalog).equals(now)) {
            return; // not a new version
        }
        passes.request();
    }

    private void apply(CatalogMembers members) {
        members.skipped().forEach(reason -> LOG.log(Level.INFO, "catalog {0}: {1}", catalog, reason));
        for (Map.Entry<Name, String> was : Map.copyOf(applied).entrySet()) {
            String id = members.idsByMember().get(was.getKey());
            if (id == null || !id.equals(was.getValue())) {
                secondaries.removeMember(was.getKey());
                applied.remove(was.getKey());
                LOG.log(Level.INFO, id == null ? "catalog {0}: member {1} removed" : "catalog {0}: member {1} reset:"
                        + " its unique ID changed", catalog, was.getKey());
            }
        }
        for (Map.Entry<Name, String> member : members.idsByMember().entrySet()) {
            if (applied.containsKey(member.getKey())) {
                continue;
            }
            if (secondaries.addMember(catalog, member.getKey())) {
                applied.put(member.getKey(), member.getValue());
                LOG.log(Level.INFO, "catalog {0}: member {1} added (ID {2})", catalog, member.getKey(),
                        member.getValue());
            } else {
                LOG.log(Level.WARNING, "catalog {0}: member {1} ignored: the zone is already served here"
                        + " (RFC 9432 §5)", catalog, member.getKey());
            }
        }
    }

    @Override
    public void close() {
        passes.close();
    }
}
