package dev.jdns.authoritative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/** RFC 6672: DNAME substitution, CNAME synthesis, in-zone continuation and YXDOMAIN. */
class DnameTest {

    /** Four 60-octet labels: 245 octets on the wire, so a 13-octet prefix overflows 255. */
    private static final String LONG_TARGET = ("x".repeat(60) + ".").repeat(4);

    @TempDir
    Path dir;

    private LoadedZone zone() throws Exception {
        return ZoneTexts.load(dir, "example.com.zone", ZoneTexts.SOA + """
                @       NS    ns1.example.net.
                old     7200 DNAME new.example.com.
                www.new 3600 A 192.0.2.7
                ext     DNAME example.net.
                long    DNAME %s
                """.formatted(LONG_TARGET));
    }

    @TestFactory
    Stream<DynamicTest> substitution() throws Exception {
        return AnswerTable.rows(zone(), """
                # RFC 6672 §3.2: the DNAME, a synthesised CNAME, then the answer at the substituted name.
                www.old.example.com. A     | NOERROR aa | old.example.com. DNAME new.example.com.; www.old.example.com. CNAME www.new.example.com.; www.new.example.com. A 192.0.2.7
                a.b.old.example.com. A     | NXDOMAIN aa | old.example.com. DNAME new.example.com.; a.b.old.example.com. CNAME a.b.new.example.com. | example.com. SOA
                www.old.example.com. AAAA  | NOERROR aa | old.example.com. DNAME new.example.com.; www.old.example.com. CNAME www.new.example.com. | example.com. SOA
                # A CNAME query gets the synthesised CNAME as its answer.
                www.old.example.com. CNAME | NOERROR aa | old.example.com. DNAME new.example.com.; www.old.example.com. CNAME www.new.example.com.
                # RFC 6672 §2.3: the owner itself is not redirected.
                old.example.com. A         | NOERROR aa | | example.com. SOA
                old.example.com. DNAME     | NOERROR aa | old.example.com. DNAME new.example.com.
                # Out of the zone: the chain is the answer.
                www.ext.example.com. A     | NOERROR aa | ext.example.com. DNAME example.net.; www.ext.example.com. CNAME www.example.net.
                # RFC 6672 §2.2: a substituted name over 255 octets is YXDOMAIN.
                aaaaaaaaaaaa.long.example.com. A | YXDOMAIN aa | long.example.com. DNAME %s
                """.formatted(LONG_TARGET));
    }

    @Test
    void synthesisedCnameTakesTheDnameTtl() throws Exception {
        LookupResult result = ZoneLookup.lookup(zone(), Name.fromString("www.old.example.com."), Type.A);

        LookupResult.Answer answer = assertInstanceOf(LookupResult.Answer.class, result);
        CNAMERecord synthesised = (CNAMERecord) answer.chain().get(1).first();
        assertEquals(7200, synthesised.getTTL());
        assertEquals(Name.fromString("www.new.example.com."), synthesised.getTarget());
        assertEquals(3600, answer.rrset().ttl());
    }
}
