package dev.jdns.authoritative;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/** The IXFR journal: differences between versions, durable across a restart, bounded, cut at gaps. */
class ZoneJournalTest {

    private static final Name ORIGIN = name("example.com.");

    @TempDir
    Path dir;

    private static Name name(String text) {
        try {
            return Name.fromString(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Version {@code serial} of example.com: www, and one host per version up to it (so each adds one). */
    private LoadedZone version(long serial) throws Exception {
        StringBuilder text = new StringBuilder(ZoneTexts.SOA.replace(" 1 7200", " " + serial + " 7200"))
                .append("@ NS ns1\nns1 A 192.0.2.53\n");
        for (long i = 1; i <= serial; i++) {
            text.append("host").append(i).append(" A 192.0.2.").append(i % 250).append('\n');
        }
        return ZoneTexts.load(dir, "example.com.zone", text.toString());
    }

    private ZoneCatalog catalogAt(long serial) throws Exception {
        return ZoneCatalog.of(List.of(version(serial)));
    }

    @Test
    void differencesSurviveARestartAndCondense() throws Exception {
        Path state = dir.resolve("state");
        ZoneJournal journal = ZoneJournal.open(state, catalogAt(1));
        journal.record(ORIGIN, ZoneDiff.between(version(1), version(2)));
        journal.record(ORIGIN, ZoneDiff.between(version(2), version(3)));

        ZoneJournal reopened = ZoneJournal.open(state, catalogAt(3));
        List<ZoneDiff> steps = reopened.differences(ORIGIN, 1, 3).orElseThrow();
        assertEquals(2, steps.size());
        ZoneDiff condensed = ZoneDiff.condense(steps);
        assertEquals(List.of("host2.example.com.", "host3.example.com."),
                condensed.added().stream().map(Record::getName).map(Name::toString).toList());
        assertEquals(List.of(), condensed.deleted());
        assertEquals(1, reopened.differences(ORIGIN, 2, 3).orElseThrow().size());
    }

    @Test
    void aBlockCutShortByACrashIsDroppedAndTheRestKept() throws Exception {
        Path state = dir.resolve("state");
        ZoneJournal journal = ZoneJournal.open(state, catalogAt(1));
        journal.record(ORIGIN, ZoneDiff.between(version(1), version(2)));
        Path file = state.resolve("example.com.journal");
        String torn = JournalFile.encode(ZoneDiff.between(version(2), version(3)));
        Files.writeString(file, torn.substring(0, torn.length() / 2), StandardCharsets.US_ASCII,
                StandardOpenOption.APPEND);

        ZoneJournal reopened = ZoneJournal.open(state, catalogAt(2));
        assertEquals(1, reopened.differences(ORIGIN, 1, 2).orElseThrow().size());
        assertEquals(JournalFile.encode(ZoneDiff.between(version(1), version(2))), Files.readString(file),
                "rewritten without the torn block");
    }

    @Test
    void aJournalThatDoesNotEndAtTheServedSerialIsDropped() throws Exception {
        Path state = dir.resolve("state");
        ZoneJournal.open(state, catalogAt(1)).record(ORIGIN, ZoneDiff.between(version(1), version(2)));
        ZoneJournal reopened = ZoneJournal.open(state, catalogAt(5)); // edited while we were down
        assertEquals(Optional.empty(), reopened.differences(ORIGIN, 1, 2));
        assertEquals(Optional.empty(), reopened.differences(ORIGIN, 2, 5));
    }

    @Test
    void aGapCutsTheHistory() throws Exception {
        ZoneJournal journal = ZoneJournal.inMemory();
        journal.record(ORIGIN, ZoneDiff.between(version(1), version(2)));
        journal.record(ORIGIN, ZoneDiff.between(version(4), version(5)));
        assertEquals(Optional.empty(), journal.differences(ORIGIN, 1, 5));
        assertEquals(Optional.empty(), journal.differences(ORIGIN, 1, 2));
        assertEquals(1, journal.differences(ORIGIN, 4, 5).orElseThrow().size());
    }

    @Test
    void theOldestVersionsGoBeyondTheBound() throws Exception {
        Path state = dir.resolve("state");
        ZoneJournal journal = ZoneJournal.open(state, catalogAt(1));
        LoadedZone previous = version(1);
        int versions = ZoneJournal.MAX_VERSIONS + 5;
        for (long serial = 2; serial <= versions + 1; serial++) {
            LoadedZone next = version(serial);
            journal.record(ORIGIN, ZoneDiff.between(previous, next));
            previous = next;
        }
        long last = versions + 1;
        assertEquals(Optional.empty(), journal.differences(ORIGIN, 1, last));
        assertEquals(ZoneJournal.MAX_VERSIONS,
                journal.differences(ORIGIN, last - ZoneJournal.MAX_VERSIONS, last).orElseThrow().size());
        assertEquals(ZoneJournal.MAX_VERSIONS, new JournalFile(state.resolve("example.com.journal")).read().size());
    }
}
