package dev.jdns.authoritative;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The zones named on the command line (files, or directories of {@code *.zone} files) and the catalog built from
 * them. A reload parses new copies and swaps the catalog atomically: queries see the old zones or the new ones,
 * never a mix. A file that no longer loads keeps its last good zone in service, and the reason is logged as
 * {@code file:line: reason}.
 */
public final class ZoneStore implements Supplier<ZoneCatalog> {

    private static final Logger LOG = System.getLogger(ZoneStore.class.getName());
    static final String ZONE_FILE_SUFFIX = ".zone";

    /** What was last seen of one zone file, and the last zone that loaded from it (if any ever did). */
    private record FileState(Stamp stamp, Optional<LoadedZone> zone) {}

    /** Modification time and size: a changed file almost always changes one of them. */
    private record Stamp(long modifiedMillis, long size) {
        static Stamp of(Path file) throws IOException {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(attributes.lastModifiedTime().toMillis(), attributes.size());
        }
    }

    private final List<Path> sources;
    private final AtomicReference<ZoneCatalog> catalog = new AtomicReference<>(ZoneCatalog.empty());
    private final Map<Path, FileState> files = new LinkedHashMap<>();

    private ZoneStore(List<Path> sources) {
        this.sources = List.copyOf(sources);
    }

    /**
     * Loads every zone under {@code sources}; at start-up nothing broken is tolerated, so the first problem is
     * thrown and the server does not start.
     */
    public static ZoneStore load(List<Path> sources) throws ZoneLoadException, IOException {
        ZoneStore store = new ZoneStore(sources);
        for (Path file : zoneFilesToLoad(sources)) {
            Stamp stamp = Stamp.of(file);
            store.files.put(file, new FileState(stamp, Optional.of(ZoneLoader.load(file))));
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

    /**
     * Re-reads zone files: all of them when {@code everything} (SIGHUP), otherwise only those whose stamp changed,
     * plus files that appeared in or vanished from a source directory. Synchronized: reloads are rare and must not
     * interleave, while queries keep reading the current catalog without waiting.
     *
     * @return true when the catalog changed
     */
    public synchronized boolean reload(boolean everything) {
        boolean changed = false;
        List<Path> present;
        try {
            present = zoneFiles();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot list zone sources, keeping the zones in service: {0}", e.getMessage());
            return false;
        }
        changed |= files.keySet().retainAll(present);
        for (Path file : present) {
            changed |= reloadFile(file, everything);
        }
        if (changed) {
            buildCatalog().ifPresent(catalog::set);
        }
        return changed;
    }

    private boolean reloadFile(Path file, boolean force) {
        FileState previous = files.get(file);
        Stamp stamp;
        try {
            stamp = Stamp.of(file);
        } catch (IOException e) {
            return false; // vanished between listing and reading: the next pass sees it gone
        }
        if (!force && previous != null && previous.stamp().equals(stamp)) {
            return false;
        }
        Optional<LoadedZone> lastGood = previous == null ? Optional.empty() : previous.zone();
        try {
            LoadedZone zone = ZoneLoader.load(file);
            files.put(file, new FileState(stamp, Optional.of(zone)));
            LOG.log(Level.INFO, "reloaded {0}", zone);
            return true;
        } catch (ZoneLoadException e) {
            files.put(file, new FileState(stamp, lastGood));
            LOG.log(Level.WARNING, "{0}; {1}", e.getMessage(), lastGood.map(z -> "still serving the last good copy of "
                    + z.origin()).orElse("not serving it"));
            return false;
        }
    }

    /** A catalog of every file's current zone; empty when two files claim one origin (the old catalog stays). */
    private Optional<ZoneCatalog> buildCatalog() {
        try {
            return Optional.of(ZoneCatalog.of(currentZones()));
        } catch (IllegalArgumentException duplicate) {
            LOG.log(Level.WARNING, "{0}; keeping the zones in service", duplicate.getMessage());
            return Optional.empty();
        }
    }

    private List<LoadedZone> currentZones() {
        return files.values().stream().flatMap(state -> state.zone().stream()).toList();
    }

    private List<Path> zoneFiles() throws IOException {
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
    public String toString() {
        return "zones from " + Objects.toString(sources);
    }
}
