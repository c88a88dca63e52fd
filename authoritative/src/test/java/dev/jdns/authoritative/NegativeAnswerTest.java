package dev.jdns.authoritative;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;

/**
 * RFC 2308 §3: negative answers carry the zone's SOA in the authority section, with TTL
 * min(SOA TTL, SOA MINIMUM), also at the end of a CNAME chain (§2.1, §2.2).
 */
class NegativeAnswerTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "SOA TTL {0}, MINIMUM {1}: {2} {3} -> {4}, SOA TTL {5}")
    @CsvSource({
        // soaTtl, minimum, qname, qtype, rcode, negative TTL
        "3600, 300,  nope.example.com.,  A,    NXDOMAIN, 300",
        "3600, 300,  www.example.com.,   AAAA, NOERROR,  300",
        "60,   300,  nope.example.com.,  A,    NXDOMAIN, 60",
        "60,   300,  www.example.com.,   AAAA, NOERROR,  60",
        "3600, 300,  alias.example.com., AAAA, NOERROR,  300",
        "3600, 300,  dead.example.com.,  A,    NXDOMAIN, 300",
        "3600, 3600, ent.example.com.,   A,    NOERROR,  3600",
    })
    void soaInAuthorityWithNegativeTtl(long soaTtl, long minimum, String qname, String qtype, String rcode,
                                       long negativeTtl) throws Exception {
        LoadedZone zone = ZoneTexts.load(dir, "example.com.zone", """
                @      %d IN SOA ns1.example.net. hostmaster.example.net. 7 7200 3600 1209600 %d
                @      3600 NS    ns1.example.net.
                www    3600 A     192.0.2.80
                alias  3600 CNAME www
                dead   3600 CNAME missing
                a.ent  3600 A     192.0.2.1
                """.formatted(soaTtl, minimum));

        Message reply = AnswerTable.ask(ZoneCatalog.of(List.of(zone)), qname, qtype);

        assertEquals(rcode, Rcode.string(reply.getRcode()));
        List<Record> authority = reply.getSection(Section.AUTHORITY);
        assertEquals(1, authority.size(), authority::toString);
        SOARecord soa = (SOARecord) authority.get(0);
        assertEquals(negativeTtl, soa.getTTL());
        assertEquals(zone.soa().getSerial(), soa.getSerial());
        assertEquals(minimum, soa.getMinimum());
        assertEquals(zone.origin(), soa.getName());
    }

    @ParameterizedTest
    @CsvSource({"3600, 300", "60, 300"})
    void anSoaQueryGetsTheSoaWithItsOwnTtl(long soaTtl, long minimum) throws Exception {
        LoadedZone zone = ZoneTexts.load(dir, "example.com.zone", """
                @ %d IN SOA ns1.example.net. hostmaster.example.net. 7 7200 3600 1209600 %d
                @ 3600 NS ns1.example.net.
                """.formatted(soaTtl, minimum));

        Message reply = AnswerTable.ask(ZoneCatalog.of(List.of(zone)), "example.com.", "SOA");

        assertEquals(soaTtl, reply.getSection(Section.ANSWER).get(0).getTTL());
        assertEquals(0, reply.getSection(Section.AUTHORITY).size());
    }
}
