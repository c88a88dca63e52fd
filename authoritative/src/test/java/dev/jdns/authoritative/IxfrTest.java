package dev.jdns.authoritative;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdns.transport.DnsServer;
import dev.jdns.transport.ServerOptions;
import dev.jdns.transport.testing.LoopbackClient;
import dev.jdns.transport.testing.LoopbackServers;
import dev.jdns.transport.testing.TcpSession;
import dev.jdns.transport.testing.TestQueries;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * IXFR (RFC 1995) from the journal through the real front end: incremental and condensed when the journal reaches
 * the client's serial, a single SOA when the client is current, the whole zone when the journal does not reach
 * back; over UDP the difference when it fits, else the single SOA that sends the client to TCP (§2).
 */
class IxfrTest {

    @TempDir
    Path dir;
    private final AtomicReference<ZoneCatalog> catalog = new AtomicReference<>();
    private DnsServer server;
    private InetSocketAddress address;

    /** Version {@code serial}: hosts 1..serial, and {@code extra} more TXT records for a large difference. */
    private LoadedZone version(long serial, int extra) throws Exception {
        StringBuilder text = new StringBuilder(ZoneTexts.SOA.replace(" 1 7200", " " + serial + " 7200"))
                .append("@ NS ns1\nns1 A 192.0.2.53\n")
                .append(serial >= 3 ? "gone TXT \"replaced old\"\n" : "old A 192.0.2.99\n");
        for (long i = 1; i <= serial; i++) {
            text.append("host").append(i).append(" A 192.0.2.").append(i).append('\n');
        }
        for (int i = 0; i < extra; i++) {
            text.append("bulk").append(i).append(" TXT \"padding padding padding padding padding\"\n");
        }
        return ZoneTexts.load(dir, "example.com.zone", text.toString());
    }

    @BeforeEach
    void start() throws Exception {
        ZoneJournal journal = ZoneJournal.inMemory();
        LoadedZone previous = version(1, 0);
        for (long serial = 2; serial <= 3; serial++) {
            LoadedZone next = version(serial, 0);
            journal.record(next.origin(), ZoneDiff.between(previous, next));
            previous = next;
        }
        LoadedZone four = version(4, 60);
        journal.record(four.origin(), ZoneDiff.between(previous, four));
        catalog.set(ZoneCatalog.of(List.of(previous)));
        AccessPolicy access = AccessPolicy.transfersBy(Acl.parse(List.of("127.0.0.0/8")));
        server = LoopbackServers.start(AuthoritativeHandler.serving(catalog::get).access(access).history(journal).build(),
                ServerOptions.defaults(), "127.0.0.1");
        address = LoopbackServers.address(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static Message ixfr(long clientSerial) {
        Message query = TestQueries.query("example.com.", Type.IXFR);
        query.addRecord(ZoneTransferTest.clientSoa("example.com.", clientSerial), Section.AUTHORITY);
        return query;
    }

    private List<Record> overTcp(Message query) {
        List<Record> records = new ArrayList<>();
        try (TcpSession session = TcpSession.open(address)) {
            session.send(query);
            long currentSoas = 0;
            while (currentSoas < 2 && records.size() != 1) {
                Message reply = session.receive().orElseThrow();
                assertEquals(Rcode.NOERROR, reply.getRcode());
                records.addAll(reply.getSection(Section.ANSWER));
                currentSoas = records.stream().filter(r -> r instanceof SOARecord soa && soa.getSerial() == 3).count();
                if (records.size() == 1 && currentSoas == 1) {
                    // a single SOA reply is complete: check no more follow
                    assertEquals(true, session.receiveRaw(java.time.Duration.ofMillis(300)).isEmpty());
                }
            }
        }
        return records;
    }

    /** SOA serials in place, the records between them sorted (their order within a deletion or addition is free). */
    private static String shape(List<Record> records) {
        List<String> out = new ArrayList<>();
        List<String> run = new ArrayList<>();
        for (Record record : records) {
            if (record instanceof SOARecord soa) {
                run.stream().sorted().forEach(out::add);
                run.clear();
                out.add("SOA" + soa.getSerial());
            } else {
                run.add(record.getName().getLabelString(0) + "/" + Type.string(record.getType()));
            }
        }
        run.stream().sorted().forEach(out::add);
        return String.join(" ", out);
    }

    @Test
    void behindWithinTheJournalGetsOneCondensedDifference() {
        // 1 -> 2 adds host2; 2 -> 3 adds host3, replaces old A by gone TXT: condensed to one sequence.
        assertEquals("SOA3 SOA1 old/A SOA3 gone/TXT host2/A host3/A SOA3", shape(overTcp(ixfr(1))));
        assertEquals("SOA3 SOA2 old/A SOA3 gone/TXT host3/A SOA3", shape(overTcp(ixfr(2))));
    }

    @Test
    void currentOrNewerGetsTheSingleSoa() {
        assertEquals("SOA3", shape(overTcp(ixfr(3))));
        assertEquals("SOA3", shape(overTcp(ixfr(7)))); // RFC 1995 §2: same or newer than ours
    }

    @Test
    void olderThanTheJournalGetsTheWholeZone() {
        List<Record> records = overTcp(ixfr(0));
        assertEquals("SOA3", shape(records.subList(0, 1)));
        assertEquals(catalog.get().zones().getFirst().recordCount() + 1, records.size());
        assertEquals(Type.SOA, records.getLast().getType());
    }

    @Test
    void overUdpTheDifferenceWhenItFitsElseTheSingleSoa() {
        Message fits = LoopbackClient.udp(address, ixfr(2)).orElseThrow();
        assertEquals("SOA3 SOA2 old/A SOA3 gone/TXT host3/A SOA3", shape(fits.getSection(Section.ANSWER)));
        Message unknown = LoopbackClient.udp(address, ixfr(0)).orElseThrow();
        assertEquals("SOA3", shape(unknown.getSection(Section.ANSWER)));
        catalog.set(ZoneCatalog.of(List.of(fourthVersion())));
        Message large = LoopbackClient.udp(address, ixfr(3)).orElseThrow(); // 3 -> 4 adds 60 TXT: too large
        assertEquals(1, large.getSection(Section.ANSWER).size());
        assertEquals(4, ((SOARecord) large.getSection(Section.ANSWER).getFirst()).getSerial());
    }

    private LoadedZone fourthVersion() {
        try {
            return version(4, 60);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void ixfrWithoutTheClientsSoaIsFormErr() {
        Message query = TestQueries.query("example.com.", Type.IXFR);
        assertEquals(Rcode.FORMERR, LoopbackClient.udp(address, query).orElseThrow().getRcode());
    }
}
