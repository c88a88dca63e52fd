package dev.jdns.authoritative;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;

/**
 * What dynamic updates changed in each zone since its file was read, in {@code DIR/ORIGIN.updates}: a base block
 * naming the file's SOA, then one block per update (the unsigned records it deleted and added), each forced to
 * the device before the update is acknowledged. Whenever the zone file is read (start, reload) the updates are
 * replayed over it, so an acknowledged update survives {@code kill -9}, and the zone file stays as its author wrote
 * it. A file whose serial is no longer the base's was edited since: the file wins and the updates are dropped,
 * as BIND and Knot drop a journal that no longer matches its zone file (logged at WARNING).
 */
public final class UpdateJournal {

    private static final Logger LOG = System.getLogger(UpdateJournal.class.getName());
    private static final String SUFFIX = ".updates";
    /** Updates kept as blocks of their own before they are condensed into one (bounded replay and file). */
    static final int CONDENSE_AFTER = 200;

    private final Path directory;
    private final Set<Name> zones;
    private final Map<Name, SOARecord> fileSoa = new HashMap<>();
    private final Map<Name, Integer> blocks = new HashMap<>();
    private final Set<Name> torn = new HashSet<>();

    /** @param zones the zones that take updates; others pass through untouched */
    public UpdateJournal(Path directory, Set<Name> zones) {
        this.directory = directory;
        this.zones = Set.copyOf(zones);
    }

    /** {@code next}, with every dynamic zone read from its file first brought up to date from this journal. */
    public ZonePreparation replayingBefore(ZonePreparation next) {
        return new ZonePreparation() {
            @Override
            public LoadedZone prepare(LoadedZone zone) throws ZoneLoadException {
                return next.prepare(zone);
            }

            @Override
            public LoadedZone prepareFromFile(LoadedZone fromFile) throws ZoneLoadException {
                return next.prepareFromFile(replay(fromFile));
            }
        };
    }

    /** {@code fromFile} with the journaled updates applied, when they were made to this version of the file. */
    synchronized LoadedZone replay(LoadedZone fromFile) throws ZoneLoadException {
        Name origin = fromFile.origin();
        if (!zones.contains(origin)) {
            return fromFile;
        }
        fileSoa.put(origin, fromFile.soa());
        JournalFile file = file(origin);
        try {
            List<ZoneDiff> diffs = file.read();
            List<ZoneDiff> updates = diffs.isEmpty() ? List.of() : diffs.subList(1, diffs.size());
            if (!diffs.isEmpty() && diffs.getFirst().fromSerial() != fromFile.soa().getSerial()) {
                LOG.log(Level.WARNING, "{0}: {1} updates made to serial {2} dropped: {3} is now at serial {4} (the"
                        + " file wins)", file.path(), updates.size(), diffs.getFirst().fromSerial(),
                        fromFile.source(), fromFile.soa().getSerial());
                updates = List.of();
            }
            if (!diffs.isEmpty()) {
                // Rewritten even when kept whole: that drops a block cut short by a crash, which would hide appends.
                file.rewrite(updates.isEmpty() ? List.of() : diffs.subList(0, updates.size() + 1));
            }
            blocks.put(origin, updates.size());
            if (updates.isEmpty()) {
                return fromFile;
            }
            LoadedZone replayed = ZoneDiff.condense(updates).applyTo(fromFile);
            LOG.log(Level.INFO, "{0}: replayed {1} updates from {2}, serial {3}", origin, updates.size(),
                    file.path(), replayed.soa().getSerial());
            return replayed;
        } catch (IOException e) {
            // Serving the file without its acknowledged updates would lose them silently: stop instead.
            throw new ZoneLoadException(SourceLocation.of(file.path()), "cannot read the update journal: "
                    + e.getMessage(), e);
        }
    }

    /** Appends {@code update} to {@code origin}'s journal and forces it to the device. */
    synchronized void append(Name origin, ZoneDiff update) throws IOException {
        SOARecord base = fileSoa.get(origin);
        if (base == null || !zones.contains(origin)) {
            throw new IOException(origin + " was not read from a file with updates allowed");
        }
        JournalFile file = file(origin);
        int count = blocks.getOrDefault(origin, 0);
        // After a failed append the file may end in a torn block, behind which the next one would be lost.
        boolean whole = !torn.remove(origin);
        try {
            if (count == 0) {
                Files.createDirectories(directory);
                file.rewrite(List.of(baseBlock(base), update));
                forceDirectory(); // the new file's name must last as long as its content
                count = 1;
            } else if (count >= CONDENSE_AFTER || !whole) {
                List<ZoneDiff> all = new ArrayList<>(file.read());
                if (all.isEmpty()) {
                    all.add(baseBlock(base)); // the file went away: what it held is lost, what follows is not
                }
                all.add(update);
                List<ZoneDiff> updates = all.subList(1, all.size());
                file.rewrite(count >= CONDENSE_AFTER ? List.of(all.getFirst(), ZoneDiff.condense(updates)) : all);
                forceDirectory();
                count = count >= CONDENSE_AFTER ? 1 : count + 1;
            } else {
                file.append(update);
                count++;
            }
        } catch (IOException e) {
            torn.add(origin);
            throw e;
        }
        blocks.put(origin, count);
    }

    /** The first block: the zone file's SOA, no change. */
    private static ZoneDiff baseBlock(SOARecord fileSoa) {
        return new ZoneDiff(fileSoa, fileSoa, List.of(), List.of());
    }

    private void forceDirectory() throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private JournalFile file(Name origin) {
        return new JournalFile(directory.resolve(StateFiles.stem(origin) + SUFFIX));
    }

    @Override
    public String toString() {
        return "update journal in " + directory + " for " + zones;
    }
}
