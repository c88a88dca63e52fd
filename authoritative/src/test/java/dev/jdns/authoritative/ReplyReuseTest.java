package dev.jdns.authoritative;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.Protocol;
import dev.jdns.transport.QueryProcessor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Section;

/**
 * The front end's packet cache behind the authoritative handler changes nothing a client can see: every reply,
 * asked twice in any case, is byte for byte the reply a server without any cache would send, round robin still
 * rotates when asked for, and a reload shows at once.
 */
class ReplyReuseTest {

    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 53000);
    private static final String ZONE = ZoneTexts.SOA + """
            @          NS    ns1.example.net.
            www        A     192.0.2.80
            mail       MX    10 mx.example.com.
            mx         A     192.0.2.25
            pool       A     192.0.2.1
            pool       A     192.0.2.2
            *.wild     A     192.0.2.81
            alias      CNAME www.example.com.
            old        DNAME example.net.
            sub        NS    ns.sub.example.com.
            ns.sub     A     192.0.2.53
            """;

    @TempDir
    Path dir;

    @Test
    void repeatedQuestionsGetExactlyTheRepliesOfAServerWithoutCache() throws Exception {
        ZoneCatalog catalog = ZoneCatalog.of(List.of(ZoneTexts.load(dir, "example.com.zone", ZONE)));
        QueryProcessor cached = processor(() -> catalog);
        List<String[]> questions = List.of(new String[] {"www.example.com.", "A"},
                new String[] {"mail.example.com.", "MX"}, new String[] {"AnY.wild.example.com.", "A"},
                new String[] {"www.example.com.", "AAAA"}, new String[] {"nx.example.com.", "A"},
                new String[] {"alias.example.com.", "A"}, new String[] {"x.OLD.example.com.", "A"},
                new String[] {"a.sub.example.com.", "A"}, new String[] {"example.com.", "ANY"});
        for (String[] q : questions) {
            for (String spelling : List.of(q[0], q[0].toUpperCase(), q[0], mixedCase(q[0]))) {
                for (boolean dnssecOk : new boolean[] {false, true}) {
                    byte[] request = request(spelling, q[1], dnssecOk);
                    byte[] fresh = ask(processor(() -> catalog), request);
                    assertArrayEquals(fresh, ask(cached, request), spelling + " " + q[1] + " do=" + dnssecOk);
                }
            }
        }
    }

    /** Placeholder signatures (nothing here validates) and a complete NSEC chain: apex, *.wild, www. */
    private static final String SIGNED_ZONE = ZoneTexts.SOA + """
            @          RRSIG SOA 13 2 3600 20300101000000 20200101000000 1 example.com. AAAA
            @          NS    ns1.example.net.
            @          NSEC  *.wild.example.com. NS SOA RRSIG NSEC
            @          RRSIG NSEC 13 2 300 20300101000000 20200101000000 1 example.com. AAAA
            *.wild     A     192.0.2.81
            *.wild     RRSIG A 13 3 3600 20300101000000 20200101000000 1 example.com. AAAA
            *.wild     NSEC  www.example.com. A RRSIG NSEC
            *.wild     RRSIG NSEC 13 3 300 20300101000000 20200101000000 1 example.com. AAAA
            www        A     192.0.2.80
            www        RRSIG A 13 3 3600 20300101000000 20200101000000 1 example.com. AAAA
            www        NSEC  example.com. A RRSIG NSEC
            www        RRSIG NSEC 13 3 300 20300101000000 20200101000000 1 example.com. AAAA
            """;

    /**
     * The reuse key holds the query's OPT flags, so a signed reply kept for a DO query is never sent to a client
     * without DO, nor the other way round, and kept signed replies (proofs included) are the fresh ones byte for
     * byte in any case of the question.
     */
    @Test
    void signedRepliesAreReusedOnlyForTheSameDoBit() throws Exception {
        ZoneCatalog catalog = ZoneCatalog.of(List.of(ZoneTexts.load(dir, "example.com.zone", SIGNED_ZONE)));
        QueryProcessor cached = processor(() -> catalog);
        List<String[]> questions = List.of(new String[] {"www.example.com.", "A"},
                new String[] {"www.example.com.", "MX"}, new String[] {"nx.example.com.", "A"},
                new String[] {"AnY.wild.example.com.", "A"}, new String[] {"example.com.", "NSEC"});
        for (String[] q : questions) {
            for (String spelling : List.of(q[0], q[0].toUpperCase(), q[0], mixedCase(q[0]))) {
                for (boolean dnssecOk : new boolean[] {false, true, false, true}) {
                    byte[] request = request(spelling, q[1], dnssecOk);
                    byte[] fresh = ask(processor(() -> catalog), request);
                    byte[] kept = ask(cached, request);
                    assertArrayEquals(fresh, kept, spelling + " " + q[1] + " do=" + dnssecOk);
                    boolean signed = new Message(kept).getSection(Section.AUTHORITY).stream()
                            .anyMatch(r -> r.getType() == org.xbill.DNS.Type.NSEC)
                            || new Message(kept).getSection(Section.ANSWER).stream()
                            .anyMatch(r -> r.getType() == org.xbill.DNS.Type.RRSIG);
                    assertEquals(dnssecOk, signed, spelling + " " + q[1] + " do=" + dnssecOk);
                }
            }
        }
    }

    @Test
    void roundRobinStillRotatesWhenAskedFor() throws Exception {
        ZoneCatalog catalog = ZoneCatalog.of(List.of(ZoneTexts.load(dir, "example.com.zone", ZONE)));
        QueryProcessor processor = new QueryProcessor(AuthoritativeHandler.serving(() -> catalog).roundRobin(true).build());
        Set<String> firsts = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            Message reply = new Message(ask(processor, request("pool.example.com.", "A", false)));
            firsts.add(reply.getSection(Section.ANSWER).getFirst().rdataToString());
        }
        assertEquals(Set.of("192.0.2.1", "192.0.2.2"), firsts);
    }

    @Test
    void aReloadedZoneIsAnsweredAtOnce() throws Exception {
        AtomicReference<ZoneCatalog> current = new AtomicReference<>(
                ZoneCatalog.of(List.of(ZoneTexts.load(dir, "example.com.zone", ZONE))));
        QueryProcessor processor = processor(current::get);
        byte[] request = request("www.example.com.", "A", false);
        ask(processor, request);
        ask(processor, request);

        current.set(ZoneCatalog.of(List.of(ZoneTexts.load(dir, "example.com.zone",
                ZONE.replace("192.0.2.80", "192.0.2.99")))));

        Message reply = new Message(ask(processor, request));
        assertEquals("192.0.2.99", reply.getSection(Section.ANSWER).getFirst().rdataToString());
    }

    /**
     * RFC 9471 §3 through the real handler, which says its referral needs in-domain glue: without EDNS the glue
     * of eight servers inside the cut does not fit in 512 octets, so TC is set, on the first reply and on the
     * kept one alike; an authoritative answer losing additional data is not truncated.
     */
    @Test
    void aReferralLosingInDomainGlueIsTruncatedWhetherBuiltOrKept() throws Exception {
        StringBuilder zone = new StringBuilder(ZoneTexts.SOA + "@ NS ns1.example.net.\nmx A 192.0.2.25\n");
        for (int i = 0; i < 8; i++) {
            zone.append("big NS ns").append(i).append(".big\n");
            zone.append("ns").append(i).append(".big A 192.0.2.").append(i + 1).append('\n');
            zone.append("ns").append(i).append(".big AAAA 2001:db8::").append(i + 1).append('\n');
            zone.append("mail MX ").append(i).append(" ns").append(i).append(".big\n");
        }
        ZoneCatalog catalog = ZoneCatalog.of(List.of(ZoneTexts.load(dir, "example.com.zone", zone.toString())));
        QueryProcessor processor = processor(() -> catalog);
        byte[] referral = request("www.big.example.com.", "A", false);
        for (int i = 0; i < 2; i++) {
            Message reply = new Message(ask(processor, referral));
            assertTrue(reply.getHeader().getFlag(Flags.TC), "ask " + i + ": " + reply);
            assertEquals(8, reply.getSection(Section.AUTHORITY).size(), "the NS RRset itself fits");
        }
        Message answer = new Message(ask(processor, request("mail.example.com.", "MX", false)));
        assertFalse(answer.getHeader().getFlag(Flags.TC), answer.toString());
    }

    private static QueryProcessor processor(Supplier<ZoneCatalog> zones) {
        return new QueryProcessor(AuthoritativeHandler.serving(zones).build());
    }

    private static byte[] ask(QueryProcessor processor, byte[] request) throws IOException {
        List<byte[]> sent = new ArrayList<>();
        processor.process(request, CLIENT, Protocol.UDP, sent::add);
        assertEquals(1, sent.size());
        return sent.getFirst();
    }

    private static byte[] request(String name, String type, boolean dnssecOk) throws IOException {
        Message query = AnswerTable.query(name, type);
        if (dnssecOk) {
            query.addRecord(new OPTRecord(1232, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
        }
        return query.toWire();
    }

    private static String mixedCase(String name) {
        StringBuilder mixed = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            mixed.append(i % 2 == 0 ? Character.toUpperCase(c) : c);
        }
        return mixed.toString();
    }
}
