package dev.jdns.authoritative;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * By default records keep their zone order (as NSD and Knot send them), so a reply can be sent again as it is; a
 * rotating builder turns them between responses, so clients spread over addresses.
 */
class RoundRobinTest {

    @TempDir
    Path dir;

    @Test
    void eachResponseStartsOneRecordLater() throws Exception {
        LoadedZone zone = ZoneTexts.load(dir, "example.com.zone", ZoneTexts.SOA + """
                @    NS  ns1.example.net.
                www  A   192.0.2.1
                www  A   192.0.2.2
                www  A   192.0.2.3
                """);
        ResponseBuilder builder = ResponseBuilder.rotating();
        Message query = AnswerTable.query("www.example.com.", "A");
        LookupResult result = ZoneLookup.lookup(zone, Name.fromString("www.example.com."), Type.A);

        List<List<String>> orders = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            orders.add(addresses(builder.build(query, result, zone)));
        }

        assertEquals(List.of("192.0.2.1", "192.0.2.2", "192.0.2.3"), orders.get(0));
        assertEquals(List.of("192.0.2.2", "192.0.2.3", "192.0.2.1"), orders.get(1));
        assertEquals(List.of("192.0.2.3", "192.0.2.1", "192.0.2.2"), orders.get(2));
        assertEquals(orders.get(0), orders.get(3));
    }

    @Test
    void byDefaultEveryResponseKeepsTheZoneOrder() throws Exception {
        LoadedZone zone = ZoneTexts.load(dir, "example.com.zone", ZoneTexts.SOA + """
                @    NS  ns1.example.net.
                www  A   192.0.2.3
                www  A   192.0.2.1
                www  A   192.0.2.2
                """);
        ResponseBuilder builder = new ResponseBuilder();
        Message query = AnswerTable.query("www.example.com.", "A");
        LookupResult result = ZoneLookup.lookup(zone, Name.fromString("www.example.com."), Type.A);

        for (int i = 0; i < 4; i++) {
            assertEquals(List.of("192.0.2.3", "192.0.2.1", "192.0.2.2"), addresses(builder.build(query, result, zone)));
        }
    }

    @Test
    void concurrentResponsesStillCoverEveryRotation() throws Exception {
        LoadedZone zone = ZoneTexts.load(dir, "example.com.zone", ZoneTexts.SOA + """
                @    NS  ns1.example.net.
                www  A   192.0.2.1
                www  A   192.0.2.2
                """);
        ResponseBuilder builder = ResponseBuilder.rotating();
        Message query = AnswerTable.query("www.example.com.", "A");
        LookupResult result = ZoneLookup.lookup(zone, Name.fromString("www.example.com."), Type.A);
        Set<String> firsts = ConcurrentHashMap.newKeySet();

        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 50; i++) {
                    firsts.add(addresses(builder.build(query, result, zone)).get(0));
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertEquals(new HashSet<>(List.of("192.0.2.1", "192.0.2.2")), firsts);
    }

    private static List<String> addresses(Message reply) {
        return reply.getSection(Section.ANSWER).stream().map(Record::rdataToString).toList();
    }
}
