package dev.jdns.authoritative.dnssec;

import dev.jdns.authoritative.LoadedZone;
import dev.jdns.authoritative.SourceLocation;
import dev.jdns.authoritative.ZoneLoadException;
import dev.jdns.authoritative.ZonePreparation;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.xbill.DNS.Name;

/**
 * {@code jdns serve --dnssec}: the {@link ZonePreparation} that signs the chosen zones each time they load (start,
 * reload) and again when their signatures come due ({@link #due}), with keys from a {@link KeyStore}. Zones not
 * chosen pass through unchanged.
 */
public final class OnlineSigning implements ZonePreparation {

    private static final Logger LOG = System.getLogger(OnlineSigning.class.getName());

    /** Which zones to sign: every zone, or those named. */
    public record Selection(boolean all, Set<Name> zones) {
        public Selection {
            zones = Set.copyOf(zones);
        }

        public boolean covers(Name origin) {
            return all || zones.contains(origin);
        }
    }

    private final Selection selection;
    private final KeyStore keyStore;
    private final SignedSerials serials;
    private final ZoneSigner signer;
    private final InstantSource clock;
    private final Map<Name, ZoneKeys> signed = new TreeMap<>();

    public OnlineSigning(Selection selection, Path stateDir, KeyLayout layout, Denial denial,
            SignaturePolicy policy, InstantSource clock) {
        this.selection = selection;
        this.keyStore = new KeyStore(stateDir, layout, clock);
        this.serials = new SignedSerials(stateDir);
        this.signer = new ZoneSigner(denial, policy);
        this.clock = clock;
    }

    @Override
    public LoadedZone prepare(LoadedZone loaded) throws ZoneLoadException {
        Name origin = loaded.origin();
        if (!selection.covers(origin)) {
            return loaded;
        }
        try {
            ZoneKeys keys = keyStore.keysFor(origin);
            long serial = serials.next(origin, loaded.soa().getSerial());
            long start = System.nanoTime();
            LoadedZone zone = signer.sign(loaded, keys, serial, clock.instant());
            LOG.log(Level.INFO, "signed {0} (serial {1}, {2} records) in {3} ms", origin, serial,
                    zone.recordCount(), Duration.ofNanos(System.nanoTime() - start).toMillis());
            synchronized (signed) {
                signed.put(origin, keys);
            }
            return zone;
        } catch (IOException | RuntimeException e) {
            throw new ZoneLoadException(SourceLocation.of(loaded.source()), "cannot sign " + origin + ": "
                    + e.getMessage(), e);
        }
    }

    /** Whether {@code zone} is one this signs and its signatures must be made again now. */
    public boolean due(LoadedZone zone) {
        return selection.covers(zone.origin()) && signer.due(zone, clock.instant());
    }

    /** The keys of every zone signed so far, by origin: what start-up prints. */
    public Map<Name, ZoneKeys> signedZones() {
        synchronized (signed) {
            return Map.copyOf(signed);
        }
    }

    /** Where the DS records of {@code zone} are written for the parent. */
    public Path dsFile(Name zone) {
        return keyStore.dsFile(zone);
    }

    public Selection selection() {
        return selection;
    }

    @Override
    public String toString() {
        return "online signing of " + (selection.all() ? "every zone" : selection.zones().toString());
    }
}
