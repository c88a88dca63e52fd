package dev.jdns.authoritative;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * The differences between successive versions of each zone, for IXFR (RFC 1995): in memory always, and appended
 * durably to {@code DIR/ORIGIN.journal} when there is a state directory, so a restarted primary still serves
 * secondaries incrementally. Bounded per zone by {@link #MAX_VERSIONS} differences and {@link #MAX_RECORDS}
 * records; the oldest go first, and a client older than what is left gets a full transfer.
 *
 * <p>Thread-safe: appends come from the reloading thread, lookups from query threads.
 */
public final class ZoneJournal implements ZoneHistory {

    private static final Logger LOG = System.getLogger(ZoneJournal.class.getName());

    /** Versions kept per zone: a secondary more than this many changes behind gets the whole zone. */
    static final int MAX_VERSIONS = 100;
    /** Changed records kept per zone (memory and disk): a few megabytes at most for ordinary records. */
    static final int MAX_RECORDS = 20_000;

    private final Path directory; // null: memory only
    private final Map<Name, Deque<ZoneDiff>> byZone = new HashMap<>();

    private ZoneJournal(Path directory) {
        this.directory = directory;
    }

    /** Differences kept only while the process runs: a restart forgets them (IXFR then falls back to full). */
    public static ZoneJournal inMemory() {
        return new ZoneJournal(null);
    }

    /**
     * Opens the journals in {@code directory} for the zones of {@code serving}. A journal that does not end at the
     * serial now served is dropped: the zone changed while we were down and the difference is unknown, so its
     * history no longer leads to the current version.
     */
    public static ZoneJournal open(Path directory, ZoneCatalog serving) throws IOException {
        Files.createDirectories(directory);
        ZoneJournal journal = new ZoneJournal(directory);
        for (LoadedZone zone : serving.zones()) {
            JournalFile file = journal.file(zone.origin());
            List<ZoneDiff> diffs = file.read();
            boolean current = !diffs.isEmpty() && diffs.getLast().toSerial() == zone.soa().getSerial();
            if (current) {
                journal.byZone.put(zone.origin(), new ArrayDeque<>(diffs));
            } else if (!diffs.isEmpty()) {
                LOG.log(Level.INFO, "{0}: ends at serial {1}, the zone is at {2}: starting a new journal",
                        file.path(), diffs.getLast().toSerial(), zone.soa().getSerial());
            }
            file.rewrite(current ? diffs : List.of()); // also drops a block cut short by a crash
        }
        return journal;
    }

    /** Appends {@code diff} (durably first, when on disk), dropping the oldest beyond the bounds. */
    public synchronized void record(Name origin, ZoneDiff diff) throws IOException {
        Deque<ZoneDiff> diffs = byZone.computeIfAbsent(origin, o -> new ArrayDeque<>());
        if (!diffs.isEmpty() && diffs.getLast().toSerial() != diff.fromSerial()) {
            diffs.clear(); // a gap: the older history no longer leads here
        }
        diffs.addLast(diff);
        boolean trimmed = false;
        while (diffs.size() > 1 && (diffs.size() > MAX_VERSIONS || records(diffs) > MAX_RECORDS)) {
            diffs.removeFirst();
            trimmed = true;
        }
        if (directory != null) {
            if (trimmed || diffs.size() == 1) {
                file(origin).rewrite(new ArrayList<>(diffs));
            } else {
                file(origin).append(diff);
            }
        }
    }

    /** Forgets {@code origin}'s history: its serial went back or stayed while its data changed. */
    public synchronized void reset(Name origin) throws IOException {
        byZone.remove(origin);
        if (directory != null) {
            file(origin).rewrite(List.of());
        }
    }

    @Override
    public synchronized Optional<List<ZoneDiff>> differences(Name origin, long fromSerial, long toSerial) {
        Deque<ZoneDiff> diffs = byZone.get(origin);
        if (diffs == null) {
            return Optional.empty();
        }
        List<ZoneDiff> steps = new ArrayList<>();
        for (ZoneDiff diff : diffs) {
            if (steps.isEmpty() && diff.fromSerial() != fromSerial) {
                continue;
            }
            steps.add(diff);
            if (diff.toSerial() == toSerial) {
                return Optional.of(steps);
            }
        }
        return Optional.empty();
    }

    private static int records(Deque<ZoneDiff> diffs) {
        return diffs.stream().mapToInt(d -> d.deleted().size() + d.added().size()).sum();
    }

    private JournalFile file(Name origin) {
        return new JournalFile(directory.resolve(fileName(origin)));
    }

    static String fileName(Name origin) {
        return StateFiles.stem(origin) + ".journal";
    }

    @Override
    public String toString() {
        return directory == null ? "journal in memory" : "journal in " + directory;
    }
}
