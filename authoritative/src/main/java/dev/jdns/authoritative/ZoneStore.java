package dev.jdns.authoritative;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.xbill.DNS.Name;

/**
 * The zones named on the command line (files, or directories of {@code *.zone} files) and the catalog built from
 * them. A reload parses new copies and swaps the catalog atomically: queries see the old zones or the new ones,
 * never a mix.
 *
 * <p>On reload each file stands alone: one that no longer loads keeps its last good zone in service and is
 * logged once as {@code file:line: reason} (again only when it changes and is still broken, and when it is
 * fixed), while every other file is reloaded and the catalog rebuilt. When a changed file is read is the
 * {@link SettleGate}'s decision, so a file still being written is not loaded.
 */
public final class ZoneStore implements Supplier<ZoneCatalog> {

    private static final Logger LOG = System.getLogger(ZoneStore.class.getName());
    static final String ZONE_FILE_SUFFIX = ".zone";

    /** How long an in-place change must rest before it is read, unless the caller says otherwise. */
    public static final Duration DEFAULT_SETTLE = Duration.ofSeconds(5);

    /** The version of a zone file read last, the last zone that loaded from it (if any did), and why not now. */
    private record FileState(FileVersion read, Optional<LoadedZone> zone, Optional<String> failure) {}

    private List<Path> sources; // guarded by this
    private final SettleGate settleGate;
    private final ZonePreparation preparation;
    private final AtomicReference<ZoneCatalog> catalog = new AtomicReference<>(ZoneCatalog.empty());
    private final Map<Path, FileState> files = new LinkedHashMap<>();
    private final AtomicLong reloadFailures = new AtomicLong();
    private final List<ZoneChangeListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Zones not read from a file: came by transfer (secondary zones) or generated (a catalog); guarded by this. */
    private final Map<Name, LoadedZone> transferred = new LinkedHashMap<>();

    private ZoneStore(List<Path> sources, SettleGate settleGate, ZonePreparation preparation) {
        this.sources = List.copyOf(sources);
        this.settleGate = settleGate;
        this.preparation = preparation;
    }

    /** {@link #load(List, Duration, LongSupplier)} with the default settle period on the system clock. */
    public static ZoneStore load(List<Path> sources) throws ZoneLoadException, IOException {
        return load(sources, DEFAULT_SETTLE, System::nanoTime);
    }

    /**
     * Loads every zone under {@code sources}; at start-up nothing broken is tolerated, so the first problem is
     * thrown and the server does not start.
     *
     * @param settle how long a file changed in place must stay unchanged before a reload reads it (zero: at once)
     * @param nanoClock monotonic nanoseconds for the settle period
     */
    public static ZoneStore load(List<Path> sources, Duration settle, LongSupplier nanoClock)
            throws ZoneLoadException, IOException {
        return load(sources, settle, nanoClock, ZonePreparation.NONE);
    }

    /** As {@link #load(List, Duration, LongSupplier)}, each zone passed through {@code preparation} on every load. */
    public static ZoneStore load(List<Path> sources, Duration settle, LongSupplier nanoClock,
            ZonePreparation preparation) throws ZoneLoadException, IOException {
        ZoneStore store = new ZoneStore(sources, new SettleGate(settle, nanoClock), preparation);
        // No sources at all is a server of secondary zones only; sources holding no zone file are a mistake.
        for (Path file : sources.isEmpty() ? List.<Path>of() : zoneFilesToLoad(sources)) {
            FileVersion version = FileVersion.of(file);
            LoadedZone zone = preparation.prepareFromFile(ZoneLoader.load(file));
            store.files.put(file, new FileState(version, Optional.of(zone), Optional.empty()));
        }
        try {
            store.catalog.set(ZoneCatalog.of(store.currentZones()));
        } catch (IllegalArgumentException duplicate) {
            // The one-line start-up error must name both files, not point at a log the user may not see.
            throw new IOException(duplicate.getMessage(), duplicate);
        }
        return store;
    }

    @Override
    public ZoneCatalog get() {
        return catalog.get();
    }

    /** Reloads of a file that failed since start (the last good zone stayed in service), for metrics. */
    public long reloadFailures() {
        return reloadFailures.get();
    }

    /**
     * Re-reads zone files: all of them when {@code everything} (SIGHUP), otherwise those the settle gate lets
     * through, plus files that appeared in or vanished from a source directory. Synchronized: reloads are rare and
     * must not interleave, while queries keep reading the current catalog without waiting.
     *
     * @return true when the catalog changed
     */
    public synchronized boolean reload(boolean everything) {
        List<Path> present;
        try {
            present = zoneFiles();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot list zone sources, keeping the zones in service: {0}", e.getMessage());
            return false;
        }
        boolean changed = files.keySet().retainAll(present);
        settleGate.retain(present);
        for (Path file : present) {
            changed |= reloadAlone(file, everything);
        }
        if (changed) {
            publish();
        }
        return changed;
    }

    /**
     * Re-reads the file that {@code origin} was loaded from now, whatever the settle gate says (an operator's
     * {@code reload ZONE}), and puts it in service when it loads.
     *
     * @return the reason it did not load ({@code file:line: reason}; the last good copy stays in service), or empty
     * @throws IllegalArgumentException when no zone file holds {@code origin}
     */
    public synchronized Optional<String> reloadZone(Name origin) {
        Path file = files.entrySet().stream()
                .filter(entry -> entry.getValue().zone().filter(zone -> zone.origin().equals(origin)).isPresent())
                .map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no zone " + origin));
        if (reloadAlone(file, true)) {
            publish();
        }
        return files.get(file).failure();
    }

    /** Why files do not load now ({@code file:line: reason} each), the last good zones serving meanwhile. */
    public synchronized List<String> problems() {
        return files.values().stream().flatMap(state -> state.failure().stream()).toList();
    }

    /** Puts the current zones in service, then tells the listeners (a primary journals and sends NOTIFY). */
    private void publish() {
        ZoneCatalog before = catalog.get();
        ZoneCatalog after = buildCatalog();
        catalog.set(after);
        tellListeners(before, after);
    }

    /**
     * Prepares again, from the copy in service, each zone that {@code due} picks (signatures about to expire), and
     * swaps the new copies in together. A zone whose preparation fails stays as it is and is logged.
     *
     * @return true when the catalog changed
     */
    public synchronized boolean prepareAgain(Predicate<LoadedZone> due) {
        boolean changed = false;
        for (Map.Entry<Path, FileState> entry : files.entrySet()) {
            FileState state = entry.getValue();
            Optional<LoadedZone> zone = state.zone().filter(due);
            if (zone.isEmpty()) {
                continue;
            }
            try {
                entry.setValue(new FileState(state.read(), Optional.of(preparation.prepare(zone.get())),
                        state.failure()));
                changed = true;
            } catch (ZoneLoadException | RuntimeException e) {
                LOG.log(Level.WARNING, "{0}: cannot prepare {1} again, keeping the copy in service: {2}",
                        entry.getKey(), zone.get().origin(), e.getMessage());
            }
        }
        if (changed) {
            publish(); // new signatures come with a new serial: secondaries hear of them
        }
        return changed;
    }

    /** A change to one zone in service (a dynamic update), made by {@link #edit}. */
    interface ZoneEdit {
        /** The next version of {@code serving}, before preparation; empty when nothing changes. */
        Optional<LoadedZone> apply(LoadedZone serving);

        /** Makes the change durable; called once the next version is prepared, before it is served. */
        void persist() throws IOException;
    }

    /**
     * Puts in service the version of {@code origin} that {@code edit} makes from the copy in service, prepared
     * (signed) as a load would be, once {@code edit} has made it durable; the listeners then hear of it. Under the
     * store's lock: changes to a zone are serialised with each other and with reloads and re-signing, and each
     * sees the result of the one before.
     *
     * @return false when the zone is not served from a file here or the edit changed nothing
     */
    synchronized boolean edit(Name origin, ZoneEdit edit) throws IOException, ZoneLoadException {
        Optional<LoadedZone> serving = catalog.get().zone(origin);
        Optional<Map.Entry<Path, FileState>> entry = files.entrySet().stream()
                .filter(e -> e.getValue().zone().isPresent() && e.getValue().zone().equals(serving))
                .findFirst();
        if (entry.isEmpty()) {
            return false;
        }
        Optional<LoadedZone> next = edit.apply(serving.get());
        if (next.isEmpty()) {
            return false;
        }
        LoadedZone prepared = preparation.prepare(next.get());
        edit.persist();
        FileState state = entry.get().getValue();
        files.put(entry.get().getKey(), new FileState(state.read(), Optional.of(prepared), state.failure()));
        publish();
        return true;
    }

    /**
     * Serves the zones under {@code newSources} from now on (a config file's zone list changed): files no longer
     * named stop being served, new ones are loaded, and every file is re-read as on SIGHUP. When a new source does
     * not exist the old list stays in service.
     *
     * @return true when the catalog changed
     */
    public synchronized boolean changeSources(List<Path> newSources) {
        try {
            zoneFiles(newSources);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "new zone list not taken, keeping the zones in service: {0}", e.getMessage());
            return false;
        }
        sources = List.copyOf(newSources);
        return reload(true);
    }

    /**
     * Puts {@code zone}, received by zone transfer, in service in place of any version of it before, and tells the
     * listeners (so a secondary journals it and notifies its own secondaries, as a primary does on reload).
     */
    public synchronized void putTransferred(LoadedZone zone) {
        transferred.put(zone.origin(), zone);
        publish();
    }

    /**
     * Puts {@code zone}, made by this server rather than read from a file (a generated catalog zone, RFC 9432), in
     * service in place of any version before, and tells the listeners, who journal it and notify as on a reload.
     */
    public synchronized void putGenerated(LoadedZone zone) {
        putTransferred(zone);
    }

    /** The origins of the zones in service that were read from zone files: those this server is the primary of. */
    public synchronized Set<Name> fileOrigins() {
        Set<Name> origins = new java.util.TreeSet<>();
        catalog.get().zones().forEach(zone -> origins.add(zone.origin()));
        origins.removeAll(transferred.keySet());
        return origins;
    }

    /** Stops serving the transferred zone {@code origin} (its copy expired, or it left its catalog). */
    public synchronized void removeTransferred(Name origin) {
        if (transferred.remove(origin) != null) {
            publish();
        }
    }

    /** {@code listener} hears of every catalog this store puts in service, after it is in service. */
    public void addChangeListener(ZoneChangeListener listener) {
        listeners.add(listener);
    }

    private void tellListeners(ZoneCatalog before, ZoneCatalog after) {
        for (ZoneChangeListener listener : listeners) {
            try {
                listener.catalogChanged(before, after);
            } catch (RuntimeException bug) {
                LOG.log(Level.ERROR, "zone change listener " + listener + " failed: " + bug, bug);
            }
        }
    }

    /** One file's reload, which nothing can stop the others' (the loader reports every zone problem itself). */
    private boolean reloadAlone(Path file, boolean force) {
        try {
            return reloadFile(file, force);
        } catch (RuntimeException bug) {
            reloadFailures.incrementAndGet();
            LOG.log(Level.ERROR, file + ": reload failed, keeping what is in service: " + bug, bug);
            return false;
        }
    }

    private boolean reloadFile(Path file, boolean force) {
        FileVersion version;
        try {
            version = FileVersion.of(file);
        } catch (IOException e) {
            return false; // vanished between listing and reading: the next pass sees it gone
        }
        FileState previous = files.get(file);
        Optional<FileVersion> lastRead = Optional.ofNullable(previous).map(FileState::read);
        if (!force && settleGate.verdict(file, version, lastRead) != SettleGate.Verdict.READ) {
            return false;
        }
        Optional<LoadedZone> lastGood = Optional.ofNullable(previous).flatMap(FileState::zone);
        try {
            LoadedZone zone = preparation.prepareFromFile(ZoneLoader.load(file));
            if (changedWhileRead(file, version)) {
                return false;
            }
            files.put(file, new FileState(version, Optional.of(zone), Optional.empty()));
            boolean wasBroken = previous != null && previous.failure().isPresent();
            LOG.log(Level.INFO, wasBroken ? "{0} loads again: serving {1}" : "reloaded {1}", file, zone);
            return true;
        } catch (ZoneLoadException e) {
            if (changedWhileRead(file, version)) {
                return false;
            }
            files.put(file, new FileState(version, lastGood, Optional.of(e.getMessage())));
            reloadFailures.incrementAndGet();
            LOG.log(Level.WARNING, "{0}; {1}", e.getMessage(), lastGood.map(z -> "still serving the last good copy of "
                    + z.origin()).orElse("not serving it"));
            return false;
        }
    }

    /**
     * Whether the file moved on while it was being read: then what was read may be a mix of two versions, so it is
     * dropped, and the next pass sees the new version (and lets it settle).
     */
    private static boolean changedWhileRead(Path file, FileVersion read) {
        try {
            if (FileVersion.of(file).equals(read)) {
                return false;
            }
        } catch (IOException vanished) {
            // gone: the next pass drops it
        }
        LOG.log(Level.INFO, "{0} changed while being read; it will be read again", file);
        return true;
    }

    /**
     * A catalog of every file's current zone. When two files claim one origin, the copy in service keeps it (the
     * first file's copy if none is), so one misplaced file never holds back the other zones' reloads.
     */
    private ZoneCatalog buildCatalog() {
        ZoneCatalog serving = catalog.get();
        Map<Name, LoadedZone> byOrigin = new LinkedHashMap<>(transferred);
        for (LoadedZone zone : currentZones()) {
            if (transferred.containsKey(zone.origin())) {
                LOG.log(Level.WARNING, "zone {0} is a secondary zone; its file {1} is not served", zone.origin(),
                        zone.source());
                continue;
            }
            LoadedZone first = byOrigin.putIfAbsent(zone.origin(), zone);
            if (first != null) {
                boolean secondServing = serving.zone(zone.origin())
                        .filter(inService -> inService.source().equals(zone.source())).isPresent();
                LoadedZone kept = secondServing ? zone : first;
                byOrigin.put(zone.origin(), kept);
                LOG.log(Level.WARNING, "zone {0} loaded twice: from {1} and {2}; serving the copy from {3}",
                        zone.origin(), first.source(), zone.source(), kept.source());
            }
        }
        return ZoneCatalog.of(byOrigin.values());
    }

    private List<LoadedZone> currentZones() {
        return files.values().stream().flatMap(state -> state.zone().stream()).toList();
    }

    private synchronized List<Path> zoneFiles() throws IOException {
        return zoneFiles(sources);
    }

    /** As {@link #zoneFiles(List)}, where finding none is an error: there is nothing to serve or check. */
    public static List<Path> zoneFilesToLoad(List<Path> sources) throws IOException {
        List<Path> files = zoneFiles(sources);
        if (files.isEmpty()) {
            throw new IOException("no zone files in " + sources + " (a directory is searched for *"
                    + ZONE_FILE_SUFFIX + ")");
        }
        return files;
    }

    /**
     * The files named, and the {@code *.zone} files directly inside the directories named, in a stable order:
     * what {@code jdns serve} and {@code jdns check} read for the same arguments.
     */
    public static List<Path> zoneFiles(List<Path> sources) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path source : sources) {
            if (Files.isDirectory(source)) {
                try (Stream<Path> listing = Files.list(source)) {
                    listing.filter(p -> p.getFileName().toString().endsWith(ZONE_FILE_SUFFIX))
                            .filter(Files::isRegularFile)
                            .sorted()
                            .forEach(out::add);
                }
            } else if (Files.isRegularFile(source)) {
                out.add(source);
            } else {
                throw new IOException(source + ": no such file or directory");
            }
        }
        return out.stream().map(p -> p.toAbsolutePath().normalize()).distinct().toList();
    }

    @Override
    public synchronized String toString() {
        return "zones from " + Objects.toString(sources);
    }
}
