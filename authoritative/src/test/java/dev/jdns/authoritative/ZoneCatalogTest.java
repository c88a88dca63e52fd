package dev.jdns.authoritative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/** Which zone answers: the deepest that contains the name, DS at a child apex from the parent, else none. */
class ZoneCatalogTest {

    @TempDir
    Path dir;

    private LoadedZone zone(String origin) throws Exception {
        String file = origin.equals(".") ? "root.zone" : origin + "zone";
        return ZoneTexts.load(dir, file, ZoneTexts.SOA + "@ NS ns\nns A 192.0.2.53\n");
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "www.example.com.,     A,  example.com.",
        "example.com.,         NS, example.com.",
        "a.sub.example.com.,   A,  sub.example.com.",
        "sub.example.com.,     A,  sub.example.com.",
        "sub.example.com.,     DS, example.com.",
        "example.com.,         DS, com.",
        "com.,                 DS, .",
        "www.example.org.,     A,  .",
        ".,                    DS, .",
    })
    void deepestZoneExceptDsAtAChildApex(String qname, String qtype, String expectedOrigin) throws Exception {
        ZoneCatalog catalog = ZoneCatalog.of(List.of(zone("."), zone("com."), zone("example.com."),
                zone("sub.example.com.")));

        Optional<LoadedZone> zone = catalog.zoneFor(Name.fromString(qname), Type.value(qtype));

        assertEquals(Name.fromString(expectedOrigin), zone.orElseThrow().origin());
    }

    @Test
    void noZoneMeansEmpty() throws Exception {
        ZoneCatalog catalog = ZoneCatalog.of(List.of(zone("example.com."), zone("sub.example.com.")));

        assertTrue(catalog.zoneFor(Name.fromString("example.org."), Type.A).isEmpty());
        assertTrue(catalog.zoneFor(Name.fromString("com."), Type.NS).isEmpty());
        // Without the parent, the child itself answers DS at its apex (with NODATA).
        ZoneCatalog childOnly = ZoneCatalog.of(List.of(zone("sub.example.com.")));
        assertEquals(Name.fromString("sub.example.com."),
                childOnly.zoneFor(Name.fromString("sub.example.com."), Type.DS).orElseThrow().origin());
    }

    @Test
    void duplicateOriginsAreRejectedAndWithReplaces() throws Exception {
        LoadedZone first = zone("example.com.");
        LoadedZone second = ZoneTexts.load(dir, "other/example.com.zone", ZoneTexts.SOA + "@ NS ns.example.net.\n");

        assertThrows(IllegalArgumentException.class, () -> ZoneCatalog.of(List.of(first, second)));
        ZoneCatalog reloaded = ZoneCatalog.of(List.of(first)).with(second);
        assertEquals(1, reloaded.size());
        assertEquals(second, reloaded.zone(Name.fromString("example.com.")).orElseThrow());
    }
}
