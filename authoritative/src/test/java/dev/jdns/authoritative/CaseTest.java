package dev.jdns.authoritative;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * RFC 4343 §4.1 / RFC 1035 §7.3: the query name keeps the client's case in the question and as the owner of
 * answers, also for wildcard synthesis and referrals. Checked on the message, and after a wire round trip for
 * the names that start with the query name: dnsjava compresses case-insensitively, so a later name equal to an
 * earlier one (or ending in it) becomes a pointer and takes that earlier spelling. The question comes first,
 * so on the wire the query name's case wins; names further down a chain may show the question's suffix case.
 */
class CaseTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1} -> first owner {2}")
    @CsvSource({
        // qname as asked, qtype, owner of the first answer (or authority) record, owner of the last one
        "wWw.ExAmPlE.cOm.,      A,  wWw.ExAmPlE.cOm.,      wWw.ExAmPlE.cOm.",
        "WWW.EXAMPLE.COM.,      A,  WWW.EXAMPLE.COM.,      WWW.EXAMPLE.COM.",
        "AnY.WiLd.ExAmPlE.CoM., A,  AnY.WiLd.ExAmPlE.CoM., AnY.WiLd.ExAmPlE.CoM.",
        "AlIaS.example.com.,    A,  AlIaS.example.com.,    Host.Example.com.",
        "x.SuB.example.com.,    A,  SuB.example.com.,      SuB.example.com.",
    })
    void queryCaseSurvives(String qname, String qtype, String firstOwner, String lastOwner) throws Exception {
        LoadedZone zone = ZoneTexts.load(dir, "example.com.zone", ZoneTexts.SOA + """
                @        NS    ns1.example.net.
                www      A     192.0.2.80
                *.wild   A     192.0.2.81
                alias    CNAME Host.Example.com.
                host     A     192.0.2.82
                sub      NS    ns.example.net.
                """);

        Message reply = AnswerTable.ask(ZoneCatalog.of(List.of(zone)), qname, qtype);
        Message onWire = new Message(reply.toWire());

        for (Message m : List.of(reply, onWire)) {
            assertEquals(qname, m.getQuestion().getName().toString());
            assertEquals(firstOwner, records(m).get(0).getName().toString());
        }
        List<Record> records = records(reply);
        assertEquals(lastOwner, records.get(records.size() - 1).getName().toString());
    }

    private static List<Record> records(Message m) {
        return m.getSection(Section.ANSWER).isEmpty() ? m.getSection(Section.AUTHORITY) : m.getSection(Section.ANSWER);
    }
}
