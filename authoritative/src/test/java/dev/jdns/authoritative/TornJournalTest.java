package dev.jdns.authoritative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.testing.CapturedLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * A process killed while appending to a journal leaves its last block cut short. Cut in that block (the IXFR
 * journal's at every octet, the update journal's at evenly spaced octets, one restart on loopback per cut): the
 * restarted server serves the last whole version, never half of the torn
 * one, says so in its log, cuts the torn block off the file, and an update acknowledged after the restart is not
 * hidden behind it.
 */
class TornJournalTest {

    private static final String ZONE_TEXT = """
            $ORIGIN example.com.
            @     3600 IN SOA ns1 hostmaster 1 7200 3600 1209600 300
            @     3600 IN NS  ns1
            ns1   3600 IN A   192.0.2.53
            www   3600 IN A   192.0.2.1
            """;
    /**
     * Bound on server restarts (each opens both journals and a socket; tens of milliseconds on a loaded CI
     * machine): the update block, longer, is cut at this many evenly spaced octets, the first of them its first.
     */
    private static final int MAX_RESTARTS = 64;
    /** Bound on reopening the IXFR journal alone, cheap: its last block is cut at every octet below this. */
    private static final int MAX_CUTS = 2000;

    @TempDir
    Path dir;

    @Test
    void aTornLastUpdateIsLeftOutAtEveryCutAndTheLastWholeVersionServed() throws Exception {
        Path zoneFile = Files.writeString(dir.resolve("example.com.zone"), ZONE_TEXT);
        Path state = dir.resolve("state");
        long afterFirst;
        try (UpdateServer server = new UpdateServer(zoneFile, state)) {
            assertEquals(Rcode.NOERROR, server.send(add("first.example.com.", "192.0.2.11")).getRcode());
            afterFirst = server.serial();
            assertEquals(Rcode.NOERROR, server.send(add("second.example.com.", "192.0.2.12")).getRcode());
        }
        Path journal = state.resolve(StateFiles.stem(UpdateServer.ZONE) + ".updates");
        byte[] whole = Files.readAllBytes(journal);
        int lastBlock = new String(whole, StandardCharsets.US_ASCII).lastIndexOf("\ndiff ") + 1;
        assertTrue(lastBlock > 0, "a base block and two updates");
        // Up to the last octet but one: without only its final newline the block's end line is whole, and so is it.
        int step = Math.max(1, (whole.length - 1 - lastBlock) / MAX_RESTARTS);
        for (int cut = lastBlock; cut < whole.length - 1; cut += step) {
            Files.write(journal, Arrays.copyOf(whole, cut));
            try (CapturedLog log = new CapturedLog(JournalFile.class.getName());
                    UpdateServer restarted = new UpdateServer(zoneFile, state)) {
                assertEquals(afterFirst, restarted.serial(), "cut at octet " + cut);
                assertEquals(1, restarted.lookup("first.example.com.", Type.A).size(), "cut at octet " + cut);
                assertTrue(restarted.lookup("second.example.com.", Type.A).isEmpty(), "cut at octet " + cut);
                assertEquals(cut > lastBlock, log.has(journal + ":"), "cut at octet " + cut + ": " + log);
                assertEquals(lastBlock, Files.size(journal), "the torn block is cut off the file");
            }
        }
        Files.write(journal, Arrays.copyOf(whole, (lastBlock + whole.length) / 2));
        try (UpdateServer restarted = new UpdateServer(zoneFile, state)) {
            assertEquals(Rcode.NOERROR, restarted.send(add("third.example.com.", "192.0.2.13")).getRcode());
        }
        try (UpdateServer again = new UpdateServer(zoneFile, state)) {
            assertEquals(1, again.lookup("first.example.com.", Type.A).size());
            assertEquals(1, again.lookup("third.example.com.", Type.A).size(), "appended after the torn block");
            assertTrue(again.lookup("second.example.com.", Type.A).isEmpty());
        }
    }

    /**
     * The IXFR journal: cut in its last difference, reopened at the version before it, it offers the differences
     * that are whole and no half of the torn one.
     */
    @Test
    void aTornLastDifferenceIsLeftOutOfTheIxfrJournalAtEveryCut() throws Exception {
        Path state = dir.resolve("ixfr");
        ZoneJournal journal = ZoneJournal.open(state, catalogAt(1));
        journal.record(UpdateServer.ZONE, ZoneDiff.between(version(1), version(2)));
        journal.record(UpdateServer.ZONE, ZoneDiff.between(version(2), version(3)));
        Path file = state.resolve(ZoneJournal.fileName(UpdateServer.ZONE));
        byte[] whole = Files.readAllBytes(file);
        int lastBlock = new String(whole, StandardCharsets.US_ASCII).lastIndexOf("\ndiff ") + 1;
        ZoneCatalog atTwo = catalogAt(2);
        assertTrue(whole.length - lastBlock < MAX_CUTS, "every octet of the last block is cut");
        for (int cut = lastBlock + 1; cut < whole.length - 1; cut++) {
            Files.write(file, Arrays.copyOf(whole, cut));
            try (CapturedLog log = new CapturedLog(JournalFile.class.getName())) {
                ZoneJournal reopened = ZoneJournal.open(state, atTwo);
                assertEquals(1, reopened.differences(UpdateServer.ZONE, 1, 2).orElseThrow().size(), "cut " + cut);
                assertTrue(reopened.differences(UpdateServer.ZONE, 2, 3).isEmpty(), "cut at octet " + cut);
                assertTrue(log.has(file + ":"), "cut at octet " + cut + ": " + log);
                assertEquals(lastBlock, Files.size(file), "the torn block is cut off the file");
            }
        }
    }

    private static Update add(String name, String address) throws Exception {
        Update update = new Update(UpdateServer.ZONE);
        update.add(Name.fromString(name), Type.A, 300, address);
        return update;
    }

    /** Version {@code serial} of example.com: one host more per version. */
    private LoadedZone version(long serial) throws Exception {
        StringBuilder text = new StringBuilder(ZONE_TEXT.replace(" 1 7200", " " + serial + " 7200"));
        for (long i = 1; i <= serial; i++) {
            text.append("host").append(i).append(" A 192.0.2.").append(i).append('\n');
        }
        return ZoneTexts.load(dir, "example.com.zone", text.toString());
    }

    private ZoneCatalog catalogAt(long serial) throws Exception {
        return ZoneCatalog.of(List.of(version(serial)));
    }
}
