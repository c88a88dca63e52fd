package dev.jdns.authoritative.catalog;

import dev.jdns.authoritative.LoadedZone;
import dev.jdns.authoritative.ZoneCatalog;
import dev.jdns.authoritative.ZoneChangeListener;
import dev.jdns.authoritative.ZoneStore;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TXTRecord;

/**
 * A catalog zone (RFC 9432) generated from the zones this server is the primary of (those read from zone files):
 * served, transferred and notified like any zone, and made again, with a higher serial, whenever a reload adds or
 * removes a zone; the primary role then journals the difference (IXFR) and sends NOTIFY to its targets.
 *
 * <p>Each member is listed under a unique ID that depends only on its name (the first 64 bits of the SHA-256 of its
 * lower-case text, in hex), so a member keeps its ID across changes and restarts, and consumers never see a
 * spurious reset. The serial is the Unix time in seconds, or one more than the last when that is not higher: it
 * rises across restarts without any saved state.
 */
public final class CatalogProducer implements ZoneChangeListener, AutoCloseable {

    private static final Logger LOG = System.getLogger(CatalogProducer.class.getName());
    private static final long TTL = 0; // nothing in a catalog is meant to be cached by resolvers
    private static final Name INVALID = Name.fromConstantString("invalid.");
    private static final int ID_HEX_DIGITS = 16;
    private static final int LONG_ID_HEX_DIGITS = 32;

    private final Name catalog;
    private final ZoneStore store;
    private final InstantSource clock;
    private final CoalescedPasses passes;
    private Set<Name> members = Set.of(); // those of the version in service; the passes' (and start's)
    private long serial = -1;

    /**
     * @throws IllegalArgumentException when a zone file already serves {@code catalog}
     */
    public CatalogProducer(Name catalog, ZoneStore store, InstantSource clock) {
        if (store.get().zone(catalog).isPresent()) {
            throw new IllegalArgumentException("--catalog-generate " + catalog + " is also a zone file's zone");
        }
        if (CatalogMembers.child(catalog, "0".repeat(LONG_ID_HEX_DIGITS) + ".zones").isEmpty()) {
            throw new IllegalArgumentException("--catalog-generate " + catalog + ": name too long for member IDs");
        }
        this.catalog = catalog;
        this.store = store;
        this.clock = clock;
        this.passes = new CoalescedPasses("catalog " + catalog, "generating", this::regenerateIfChanged);
    }

    /** Puts the first version in service, on the calling thread: before the journal opens and queries come. */
    public void start() {
        regenerateIfChanged();
    }

    @Override
    public void catalogChanged(ZoneCatalog before, ZoneCatalog after) {
        passes.request(); // the store is locked while it tells us: the pass changes it from another thread
    }

    private void regenerateIfChanged() {
        Set<Name> now = new TreeSet<>(store.fileOrigins());
        now.remove(catalog);
        if (serial >= 0 && now.equals(members)) {
            return;
        }
        serial = nextSerial(serial, clock.instant().getEpochSecond());
        members = now;
        LoadedZone zone = LoadedZone.build(catalog, Path.of("generated catalog " + catalog), records(catalog,
                now, serial));
        store.putGenerated(zone);
        LOG.log(Level.INFO, "catalog {0}: serial {1}, {2} members", catalog, Long.toString(serial), now.size());
    }

    /** Unix time, unless the last serial is not below it (several changes in a second, or a clock set back). */
    static long nextSerial(long last, long epochSeconds) {
        long now = epochSeconds & 0xFFFFFFFFL;
        return last < 0 || now > last ? now : (last + 1) & 0xFFFFFFFFL;
    }

    /** The zone's records: SOA, NS invalid., version "2" (RFC 9432 §4.2.1), a PTR per member (§4.1). */
    static List<Record> records(Name catalog, Set<Name> members, long serial) {
        List<Record> records = new ArrayList<>(members.size() + 3);
        records.add(new SOARecord(catalog, DClass.IN, TTL, INVALID, INVALID, serial, 3600, 600, 2_419_200, 0));
        records.add(new NSRecord(catalog, DClass.IN, TTL, INVALID));
        records.add(new TXTRecord(CatalogMembers.child(catalog, "version").orElseThrow(), DClass.IN, TTL,
                CatalogMembers.VERSION));
        Set<String> ids = new HashSet<>();
        for (Name member : members) {
            String id = uniqueId(member, ID_HEX_DIGITS);
            if (!ids.add(id)) { // two names sharing 64 bits of hash: the later takes 128
                id = uniqueId(member, LONG_ID_HEX_DIGITS);
                ids.add(id);
            }
            Name owner = CatalogMembers.child(catalog, id + ".zones").orElseThrow(); // length checked at start
            records.add(new PTRRecord(owner, DClass.IN, TTL, member));
        }
        return records;
    }

    /** The first {@code digits} hex digits of the SHA-256 of the member's lower-case name. */
    static String uniqueId(Name member, int digits) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(member.toString().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, digits);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public void close() {
        passes.close();
    }
}
