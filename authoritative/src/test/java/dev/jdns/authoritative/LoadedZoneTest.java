package dev.jdns.authoritative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
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
