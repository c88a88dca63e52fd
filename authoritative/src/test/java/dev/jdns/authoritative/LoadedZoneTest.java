package dev.jdns.authoritative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** The index built at load time: existing names with empty non-terminals, zone cuts, RRsets, negative SOA. */
class LoadedZoneTest {

    @TempDir
    Path dir;

    private static Name n(String name) {
        return Name.fromConstantString(name);
    }

    @Test
    void indexesNamesCutsAndRrsets() throws Exception {
        LoadedZone zone = ZoneTexts.load(dir, "example.com.zone", ZoneTexts.SOA + """
                @          NS   ns1
                ns1        A    192.0.2.53
                a.b.c      A    192.0.2.1
                a.b.c      A    192.0.2.2
                a.b.c      A    192.0.2.1
                sub        NS   ns.sub
                ns.sub     A    192.0.2.9
                """);

        assertEquals(Set.of(n("example.com."), n("ns1.example.com."), n("a.b.c.example.com."), n("b.c.example.com."),
                n("c.example.com."), n("sub.example.com."), n("ns.sub.example.com.")), zone.names());
        assertEquals(Set.of(n("sub.example.com.")), zone.zoneCuts());
        assertTrue(zone.exists(n("B.C.EXAMPLE.COM.")), "names compare case-insensitively");
        assertFalse(zone.exists(n("d.example.com.")));
        assertTrue(zone.rrsets(n("b.c.example.com.")).isEmpty(), "an empty non-terminal owns nothing");
        assertEquals(2, zone.rrset(n("a.b.c.example.com."), Type.A).orElseThrow().size(), "duplicates dropped");
        assertEquals(7, zone.recordCount());
        assertEquals(dir.resolve("example.com.zone"), zone.source());
    }

    /** An owner of one record, kept compactly, reads back exactly as one of several RRsets does. */
    @Test
    void anOwnerOfOneRecordReadsLikeAnyOther() throws Exception {
        LoadedZone zone = ZoneTexts.load(dir, "example.com.zone", ZoneTexts.SOA + """
                @      NS   ns1.example.net.
                Host   A    192.0.2.1
                mail   A    192.0.2.2
                mail   MX   10 mail
                """);

        Name host = n("host.example.com.");
        RecordSet a = zone.rrset(host, Type.A).orElseThrow();
        assertEquals(n("Host.example.com."), a.owner());
        assertEquals("Host.example.com.", a.owner().toString(), "the owner as the file spells it");
        assertEquals(List.of("192.0.2.1"), a.records().stream().map(Record::rdataToString).toList());
        assertTrue(a.signatures().isEmpty());
        assertEquals(Map.of(Type.A, a), zone.rrsets(host));
        assertTrue(zone.rrset(host, Type.AAAA).isEmpty());
        assertEquals(List.of(a), zone.addressesOf(host));
        assertEquals(Set.of(Type.A, Type.MX), zone.rrsets(n("mail.example.com.")).keySet());
        assertTrue(zone.owners().contains(host));
    }

    @Test
    void recordsOfOneRrsetShareTheLowestTtl() throws Exception {
        LoadedZone zone = ZoneTexts.load(dir, "example.com.zone", ZoneTexts.SOA + """
                @    NS   ns1.example.net.
                www  600  A  192.0.2.1
                www  60   A  192.0.2.2
                """);

        RecordSet www = zone.rrset(n("www.example.com."), Type.A).orElseThrow();
        assertEquals(60, www.ttl());
        assertTrue(www.records().stream().allMatch(r -> r.getTTL() == 60));
    }

    @Test
    void isImmutable() throws Exception {
        LoadedZone zone = ZoneTexts.load(dir, "example.com.zone", ZoneTexts.SOA + "@ NS ns1.example.net.\n");

        assertThrows(UnsupportedOperationException.class, () -> zone.names().clear());
        assertThrows(UnsupportedOperationException.class, () -> zone.rrsets(zone.origin()).clear());
        assertThrows(UnsupportedOperationException.class,
                () -> zone.rrset(zone.origin(), Type.NS).orElseThrow().records().clear());
    }
}
