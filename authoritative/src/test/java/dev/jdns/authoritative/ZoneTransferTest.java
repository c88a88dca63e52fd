package dev.jdns.authoritative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.Cidr;
import dev.jdns.transport.DnsServer;
import dev.jdns.transport.ServerOptions;
import dev.jdns.transport.testing.LoopbackClient;
import dev.jdns.transport.testing.LoopbackServers;
import dev.jdns.transport.testing.TcpSession;
import dev.jdns.transport.testing.TestQueries;
import dev.jdns.transport.testing.peers.PeerProcess;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** AXFR (RFC 5936) through the real front end: over TCP to allowed clients only, SOA first and last, all records. */
class ZoneTransferTest {

    /** Enough 50-octet records to need several 16 KB messages. */
    private static final int BIG_ZONE_HOSTS = 2000;

    @TempDir
    Path dir;

    private LoadedZone smallZone() throws Exception {
        return ZoneTexts.load(dir, "example.com.zone", ZoneTexts.SOA + """
                @        NS    ns1
                @        MX    10 mail
                ns1      A     192.0.2.53
                mail     A     192.0.2.25
                www      A     192.0.2.80
                www      A     192.0.2.81
                www      AAAA  2001:db8::80
                *.wild   TXT   "wildcard"
                sub      NS    ns1.sub
                ns1.sub  A     192.0.2.1
                ; NSEC3 records own names that do not exist (RFC 5155 §7.2.8), but are zone data to transfer
                @        NSEC3PARAM 1 0 0 -
                00000000000000000000000000000000 NSEC3 1 0 0 - 11111111111111111111111111111111 A
                00000000000000000000000000000000 RRSIG NSEC3 13 3 300 20300101000000 20200101000000 1 example.com. AAAA
                """);
    }

    private LoadedZone bigZone() throws Exception {
        StringBuilder text = new StringBuilder(ZoneTexts.SOA).append("@ NS ns1\nns1 A 192.0.2.53\n");
        for (int i = 0; i < BIG_ZONE_HOSTS; i++) {
            text.append("host-").append(i).append(" A 10.").append(i / 256).append('.').append(i % 256).append(".1\n");
        }
        return ZoneTexts.load(dir, "big.example.zone", text.toString());
    }

    private static DnsServer serve(LoadedZone zone, String allowed) {
        ZoneCatalog catalog = ZoneCatalog.of(List.of(zone));
        AuthoritativeHandler handler = AuthoritativeHandler.serving(() -> catalog)
                .allowTransfer(List.of(Cidr.parse(allowed))).build();
        return LoopbackServers.start(handler, ServerOptions.defaults(), "127.0.0.1");
    }

    /** Reads the messages of one transfer: until the second SOA, an error, or silence. */
    private static List<Message> transfer(InetSocketAddress server, String zone, int type) {
        List<Message> messages = new ArrayList<>();
        try (TcpSession session = TcpSession.open(server)) {
            Message query = TestQueries.query(zone, type);
            if (type == Type.IXFR) { // RFC 1995 §3: the client's SOA; serial 0 here, older than the zone's
                query.addRecord(clientSoa(zone, 0), Section.AUTHORITY);
            }
            session.send(query);
            int soas = 0;
            while (soas < 2) {
                Optional<Message> next = session.receive();
                if (next.isEmpty()) {
                    break;
                }
                Message message = next.get();
                assertEquals(query.getHeader().getID(), message.getHeader().getID());
                messages.add(message);
                if (message.getRcode() != Rcode.NOERROR) {
                    break;
                }
                soas += (int) message.getSection(Section.ANSWER).stream().filter(r -> r.getType() == Type.SOA).count();
            }
        }
        return messages;
    }

    private static List<Record> answers(List<Message> messages) {
        return messages.stream().flatMap(m -> m.getSection(Section.ANSWER).stream()).toList();
    }

    /** Every record of the zone, as a multiset of presentation lines (SOA once). */
    private static List<String> zoneRecords(LoadedZone zone) {
        List<String> lines = new ArrayList<>();
        for (var name : zone.owners()) {
            zone.rrsets(name).values().forEach(rrset -> rrset.records().forEach(r -> lines.add(r.toString())));
        }
        return lines.stream().sorted().toList();
    }

    @Test
    void allowedClientGetsSoaFirstAndLastAndEveryRecordOnce() throws Exception {
        LoadedZone zone = smallZone();
        try (DnsServer server = serve(zone, "127.0.0.0/8")) {
            List<Message> messages = transfer(LoopbackServers.address(server), "example.com", Type.AXFR);
            List<Record> records = answers(messages);
            assertEquals(zone.soa(), records.getFirst());
            assertEquals(zone.soa(), records.getLast());
            assertEquals(zoneRecords(zone), records.subList(0, records.size() - 1).stream()
                    .map(Record::toString).sorted().toList(), "each record exactly once, glue included");
            Message first = messages.getFirst();
            assertTrue(first.getHeader().getFlag(Flags.AA));
            assertEquals("example.com.", first.getQuestion().getName().toString());
        }
    }

    @Test
    void bigZoneComesInSeveralMessagesWithTheQuestionInTheFirstOnly() throws Exception {
        LoadedZone zone = bigZone();
        try (DnsServer server = serve(zone, "127.0.0.1/32")) {
            List<Message> messages = transfer(LoopbackServers.address(server), "big.example", Type.AXFR);
            assertTrue(messages.size() > 1, "expected several messages, got " + messages.size());
            List<Record> records = answers(messages);
            assertEquals(zone.recordCount() + 1, records.size());
            assertEquals(zoneRecords(zone), records.subList(0, records.size() - 1).stream()
                    .map(Record::toString).sorted().toList());
            assertEquals(Type.SOA, records.getLast().getType());
            for (int i = 0; i < messages.size(); i++) {
                Message message = messages.get(i);
                assertTrue(message.getHeader().getFlag(Flags.AA), "message " + i + " not authoritative");
                assertEquals(i == 0 ? 1 : 0, message.getSection(Section.QUESTION).size(), "question in message " + i);
            }
        }
    }

    static SOARecord clientSoa(String zone, long serial) {
        Name origin = TestQueries.name(zone);
        return new SOARecord(origin, DClass.IN, 0, origin, origin, serial, 0, 0, 0, 0);
    }

    @Test
    void ixfrWithoutHistoryIsAnsweredWithTheWholeZone() throws Exception {
        LoadedZone zone = smallZone();
        try (DnsServer server = serve(zone, "127.0.0.0/8")) {
            List<Record> records = answers(transfer(LoopbackServers.address(server), "example.com", Type.IXFR));
            assertEquals(zone.recordCount() + 1, records.size());
        }
    }

    @Test
    void refusedOverUdpAndToClientsOutsideTheList() throws Exception {
        LoadedZone zone = smallZone();
        try (DnsServer allowingLoopback = serve(zone, "127.0.0.0/8");
             DnsServer allowingOther = serve(zone, "192.0.2.0/24")) {
            Message udp = LoopbackClient.udp(LoopbackServers.address(allowingLoopback),
                    TestQueries.query("example.com", Type.AXFR)).orElseThrow();
            assertEquals(Rcode.REFUSED, udp.getRcode());
            List<Message> outside = transfer(LoopbackServers.address(allowingOther), "example.com", Type.AXFR);
            assertEquals(1, outside.size());
            assertEquals(Rcode.REFUSED, outside.getFirst().getRcode());
            assertTrue(outside.getFirst().getSection(Section.ANSWER).isEmpty());
        }
    }

    @Test
    void transferOfANameThatIsNoZoneApexIsNotAuth() throws Exception {
        try (DnsServer server = serve(smallZone(), "127.0.0.0/8")) {
            List<Message> replies = transfer(LoopbackServers.address(server), "www.example.com", Type.AXFR);
            assertEquals(Rcode.NOTAUTH, replies.getFirst().getRcode());
        }
    }

    /** The same transfer as dig sees it: dig must accept the stream and print every record of the zone. */
    @Test
    void digAcceptsTheTransfer() throws Exception {
        Path dig = PeerProcess.requireExecutable("dig");
        LoadedZone zone = bigZone();
        try (DnsServer server = serve(zone, "127.0.0.1/32")) {
            InetSocketAddress address = LoopbackServers.address(server);
            Process process = new ProcessBuilder(dig.toString(), "@" + address.getAddress().getHostAddress(),
                    "-p", String.valueOf(address.getPort()), "big.example", "AXFR", "+nocmd", "+nostats",
                    "+nocomments", "+tries=1", "+time=5").redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "dig did not finish");
            List<String> lines = output.lines().filter(line -> !line.isBlank() && !line.startsWith(";")).toList();
            assertEquals(zone.recordCount() + 1, lines.size(), output.lines().limit(5).toList().toString());
            assertTrue(lines.getFirst().contains("\tSOA\t") && lines.getLast().contains("\tSOA\t"), output);
            assertEquals(BIG_ZONE_HOSTS, lines.stream().filter(line -> line.startsWith("host-")).count());
        }
    }
}
