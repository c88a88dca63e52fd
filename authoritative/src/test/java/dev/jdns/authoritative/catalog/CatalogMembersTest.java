package dev.jdns.authoritative.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.authoritative.LoadedZone;
import dev.jdns.authoritative.ZoneLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/** What {@link CatalogMembers} takes from a catalog zone, and what it refuses (RFC 9432 §4). */
class CatalogMembersTest {

    private static final String HEAD = """
            $ORIGIN catalog.invalid.
            @ 0 IN SOA invalid. invalid. 1 3600 600 2419200 0
            @ 0 IN NS invalid.
            """;
    private static final String VERSION_2 = "version 0 IN TXT \"2\"\n";

    @TempDir
    Path dir;

    @Test
    void membersAreTheSinglePtrsDirectlyUnderZones() throws Exception {
        CatalogMembers members = CatalogMembers.read(zone(VERSION_2 + """
                a.zones        0 IN PTR example.com.
                b.zones        0 IN PTR example.net.
                group.b.zones  0 IN TXT "g"
                two.zones      0 IN PTR one.example.
                two.zones      0 IN PTR other.example.
                txt.zones      0 IN TXT "not a member"
                inside.zones   0 IN PTR www.catalog.invalid.
                deep.x.zones   0 IN PTR deep.example.
                other          0 IN PTR elsewhere.example.
                """));
        assertEquals(Map.of(name("example.com."), "a", name("example.net."), "b"), members.idsByMember());
        assertEquals(3, members.skipped().size(), members.skipped().toString()); // two, txt, inside
    }

    @Test
    void aMemberListedTwiceKeepsTheLowestId() throws Exception {
        CatalogMembers members = CatalogMembers.read(zone(VERSION_2 + """
                zz.zones 0 IN PTR example.com.
                aa.zones 0 IN PTR example.com.
                """));
        assertEquals(Map.of(name("example.com."), "aa"), members.idsByMember());
        assertTrue(members.skipped().getFirst().contains("already listed under ID aa"), members.skipped().toString());
    }

    @Test
    void onlyVersionTwoIsApplied() throws Exception {
        String member = "a.zones 0 IN PTR example.com.\n";
        assertThrows(CatalogMembers.Unusable.class, () -> CatalogMembers.read(zone(member)));
        assertThrows(CatalogMembers.Unusable.class, () -> CatalogMembers.read(zone("version 0 IN TXT \"1\"\n"
                + member)));
        assertThrows(CatalogMembers.Unusable.class, () -> CatalogMembers.read(zone(VERSION_2
                + "version 0 IN TXT \"3\"\n" + member)));
        assertThrows(CatalogMembers.Unusable.class, () -> CatalogMembers.read(zone("version 0 IN TXT \"2\" \"x\"\n"
                + member)));
    }

    @Test
    void moreThanTheBoundIsRefusedWhole() throws Exception {
        StringBuilder text = new StringBuilder(VERSION_2);
        for (int i = 0; i <= CatalogMembers.MAX_MEMBERS; i++) {
            text.append("m").append(i).append(".zones 0 IN PTR z").append(i).append(".example.\n");
        }
        CatalogMembers.Unusable refused = assertThrows(CatalogMembers.Unusable.class,
                () -> CatalogMembers.read(zone(text.toString())));
        assertTrue(refused.getMessage().contains("more than " + CatalogMembers.MAX_MEMBERS), refused.getMessage());
    }

    @Test
    void theGeneratedCatalogReadsBackAsItsMembers() throws Exception {
        Name catalog = name("catalog.invalid.");
        Set<Name> listed = Set.of(name("example.com."), name("example.net."), name("EXAMPLE.org."));
        LoadedZone generated = LoadedZone.build(catalog, dir.resolve("generated"),
                CatalogProducer.records(catalog, new java.util.TreeSet<>(listed), 7));
        CatalogMembers members = CatalogMembers.read(generated);
        assertEquals(listed, members.idsByMember().keySet());
        assertEquals(CatalogProducer.uniqueId(name("example.org."), 16), members.idsByMember().get(
                name("example.org.")), "the ID depends on the name only, whatever its case");
    }

    @Test
    void serialsRiseWithinOneSecondAndAcrossRestarts() {
        assertEquals(1000, CatalogProducer.nextSerial(-1, 1000));
        assertEquals(1001, CatalogProducer.nextSerial(1000, 1000));
        assertEquals(2000, CatalogProducer.nextSerial(1001, 2000));
    }

    private LoadedZone zone(String body) throws Exception {
        Path file = dir.resolve("catalog.invalid.zone");
        Files.writeString(file, HEAD + body);
        return ZoneLoader.load(file);
    }

    private static Name name(String text) {
        return Name.fromConstantString(text);
    }
}
