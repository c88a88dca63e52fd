package dev.jdns.authoritative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/** Zone files in: directives, the origin, and every load-time check reported as {@code file:line: reason}. */
class ZoneLoaderTest {

    private static final String APEX = """
            $ORIGIN example.com.
            $TTL 3600
            @     IN SOA ns1 hostmaster (
                        1       ; serial
                        7200    ; refresh
                        3600    ; retry
                        1209600 ; expire
                        300 )   ; minimum
            @     NS   ns1
            ns1   A    192.0.2.53
            """;

    /** Line 11 is the first line after {@link #APEX}. */
    private static final int FIRST_FREE_LINE = 11;

    @TempDir
    Path dir;

    private ZoneLoadException loadFails(String fileName, String text) throws Exception {
        Path file = ZoneTexts.write(dir, fileName, text);
        return assertThrows(ZoneLoadException.class, () -> ZoneLoader.load(file));
    }

    private void assertProblem(String fileName, int line, String reasonPart, String extraLines) throws Exception {
        ZoneLoadException e = loadFails(fileName, APEX + extraLines);
        String expectedStart = dir.resolve(fileName) + ":" + line + ": ";
        assertTrue(e.getMessage().startsWith(expectedStart) && e.getMessage().contains(reasonPart),
                () -> "expected '" + expectedStart + "...'" + reasonPart + "...' but got: " + e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # check                         | line offset | reason contains                     | lines after the apex (\\n = newline)
        syntax error                    | 0 | 'Invalid address'                           | www A 999.0.0.1
        record after a comment and gap  | 2 | 'beside other data [A]'                     | ; comment\\n\\nwww CNAME ns1\\nwww A 192.0.2.1
        more than one SOA               | 0 | 'more than one SOA'                         | @ SOA ns1 hostmaster 2 7200 3600 1209600 300
        CNAME beside other data         | 1 | 'CNAME at www.example.com. beside other data [A, MX]' | www A 192.0.2.1\\nwww CNAME ns1\\nwww MX 10 ns1
        two CNAMEs at a name            | 1 | 'more than one CNAME at www.example.com.'   | www CNAME ns1\\nwww CNAME ns2.example.net.
        CNAME with RRSIG and NSEC is ok | 2 | 'outside the zone'                          | www CNAME ns1\\nwww NSEC ns1 CNAME RRSIG NSEC\\nelsewhere.org. A 192.0.2.1
        in-bailiwick NS without glue    | 0 | 'NS target ns.sub.example.com. is inside the zone but has no A or AAAA' | sub NS ns.sub
        in-zone NS target without address | 0 | 'NS target ns9.example.com.'              | sub NS ns9
        record outside the zone         | 0 | 'record www.example.org. A is outside the zone example.com.' | www.example.org. A 192.0.2.1
        DNAME beside CNAME              | 0 | 'DNAME at old.example.com. beside a CNAME'  | old DNAME new.example.net.\\nold CNAME x.example.net.
        name below a DNAME              | 1 | 'below the DNAME at old.example.com.'       | old DNAME new.example.net.\\nwww.old A 192.0.2.1
        two DNAMEs                      | 1 | 'more than one DNAME'                       | old DNAME a.example.net.\\nold DNAME b.example.net.
        CH record beside IN data        | 1 | 'record www.example.com. A has class CH, not the zone''s class IN' | www A 192.0.2.1\\nwww CH A 192.0.2.2
        CH NS at the apex               | 0 | 'record example.com. NS has class CH'       | @ CH NS ns1
        HS record alone at its name     | 0 | 'record txt.example.com. TXT has class HS'  | txt HS TXT "x"
        rdata that fails once parsed    | 0 | 'invalid record length'                     | www A \\# 5 0102030405
        """)
    void checksReportFileAndLine(String check, int lineOffset, String reason, String extra) throws Exception {
        assertProblem("example.com.zone", FIRST_FREE_LINE + lineOffset, reason, extra.replace("\\n", "\n") + "\n");
    }

    @Test
    void noSoaAtAllBlamesTheFile() throws Exception {
        ZoneLoadException e = loadFails("example.com.zone", "$ORIGIN example.com.\n@ 3600 NS ns1.example.net.\n");
        assertTrue(e.getMessage().startsWith(dir.resolve("example.com.zone") + ": no SOA record at the zone apex"),
                e.getMessage());
    }

    @Test
    void noApexNsBlamesTheSoa() throws Exception {
        ZoneLoadException e = loadFails("example.com.zone", "\n\n@ 3600 SOA ns1.example.net. h.example.net. 1 2 3 4 5\n");
        assertEquals(dir.resolve("example.com.zone") + ":3: no NS records at the zone apex example.com.", e.getMessage());
    }

    @Test
    void aMultiLineRecordIsBlamedOnItsFirstLine() throws Exception {
        String noNs = APEX.replace("@     NS   ns1\n", "");
        ZoneLoadException e = loadFails("example.com.zone", noNs);
        assertEquals(dir.resolve("example.com.zone") + ":3: no NS records at the zone apex example.com.", e.getMessage());
    }

    @Test
    void allProblemsAreListedInLineOrder() throws Exception {
        ZoneLoadException e = loadFails("example.com.zone", APEX + "b.example.org. A 192.0.2.1\nwww CNAME ns1\nwww A 192.0.2.2\n");
        assertEquals(2, e.problems().size());
        assertEquals(FIRST_FREE_LINE, e.problems().get(0).where().line());
        assertEquals(FIRST_FREE_LINE + 1, e.problems().get(1).where().line());
        assertTrue(e.getMessage().endsWith("(and 1 more)"), e.getMessage());
    }

    @Test
    void includeIsRelativeToTheIncludingFile() throws Exception {
        ZoneTexts.write(dir, "zones/hosts/web.inc", "www A 192.0.2.80\n$INCLUDE more/mail.inc\n");
        ZoneTexts.write(dir, "zones/hosts/more/mail.inc", "mail A 192.0.2.25\n");
        ZoneTexts.write(dir, "zones/v6.inc", "www AAAA 2001:db8:0:0:0:0:0:80\n");
        Path file = ZoneTexts.write(dir, "zones/example.com.zone",
                APEX + "$INCLUDE hosts/web.inc\n$INCLUDE v6.inc v6.example.com.\nafter A 192.0.2.9\n");

        LoadedZone zone = ZoneLoader.load(file);

        assertTrue(zone.rrset(Name.fromString("www.example.com."), Type.A).isPresent());
        assertTrue(zone.rrset(Name.fromString("mail.example.com."), Type.A).isPresent());
        assertTrue(zone.rrset(Name.fromString("www.v6.example.com."), Type.AAAA).isPresent());
        assertTrue(zone.rrset(Name.fromString("after.example.com."), Type.A).isPresent());
    }

    @Test
    void errorsInIncludedFilesNameThatFileAndLine() throws Exception {
        ZoneTexts.write(dir, "zones/hosts.inc", "ok A 192.0.2.1\n\nbad CNAME ok\nbad TXT x\n");
        Path file = ZoneTexts.write(dir, "zones/example.com.zone", APEX + "$INCLUDE hosts.inc\n");

        ZoneLoadException e = assertThrows(ZoneLoadException.class, () -> ZoneLoader.load(file));

        assertTrue(e.getMessage().startsWith(dir.resolve("zones/hosts.inc") + ":3: CNAME at bad.example.com."),
                e.getMessage());
    }

    @Test
    void aRecordOfAnotherClassInAnIncludedFileNamesThatFileAndLine() throws Exception {
        ZoneTexts.write(dir, "zones/hosts.inc", "www A 192.0.2.1\n\nwww CH A 192.0.2.2\n");
        Path file = ZoneTexts.write(dir, "zones/example.com.zone", APEX + "$INCLUDE hosts.inc\n");

        ZoneLoadException e = assertThrows(ZoneLoadException.class, () -> ZoneLoader.load(file));

        assertEquals(dir.resolve("zones/hosts.inc") + ":3: record www.example.com. A has class CH, not the zone's"
                + " class IN (RFC 1035 §5.2)", e.getMessage());
    }

    @Test
    void includeProblemsPointAtTheIncludeLine() throws Exception {
        ZoneTexts.write(dir, "a.inc", "$INCLUDE b.inc\n");
        ZoneTexts.write(dir, "b.inc", "x A 192.0.2.1\n$INCLUDE a.inc\n");
        Path loop = ZoneTexts.write(dir, "example.com.zone", APEX + "$INCLUDE a.inc\n");
        Path missing = ZoneTexts.write(dir, "example.net.zone",
                APEX.replace("example.com.", "example.net.") + "$INCLUDE nowhere.inc\n");

        ZoneLoadException e1 = assertThrows(ZoneLoadException.class, () -> ZoneLoader.load(loop));
        ZoneLoadException e2 = assertThrows(ZoneLoadException.class, () -> ZoneLoader.load(missing));

        assertTrue(e1.getMessage().startsWith(dir.resolve("b.inc") + ":2: $INCLUDE loop"), e1.getMessage());
        assertTrue(e2.getMessage().startsWith(missing + ":" + FIRST_FREE_LINE + ": cannot read included file"),
                e2.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "example.com.zone, example.com.",
        "example.org,      example.org.",
        "Example.NET.zone, Example.NET.",
        "root.zone,        .",
    })
    void originFromTheFileName(String fileName, String origin) throws Exception {
        LoadedZone zone = ZoneTexts.load(dir, fileName, ZoneTexts.SOA + "@ NS ns\nns A 192.0.2.53\nwww A 192.0.2.1\n");

        assertEquals(Name.fromString(origin), zone.origin());
        assertTrue(zone.exists(Name.fromString("www", Name.fromString(origin))));
    }

    @Test
    void originFromTheSoaOwnerWinsOverTheFileName() throws Exception {
        LoadedZone zone = ZoneTexts.load(dir, "db.zone", """
                $ORIGIN com.
                example 3600 SOA ns1.example.net. h.example.net. 1 2 3 4 5
                example NS ns1.example.net.
                www.example A 192.0.2.1
                """);

        assertEquals(Name.fromString("example.com."), zone.origin());
    }

    @Test
    void explicitOriginMustOwnTheSoa() throws Exception {
        Path file = ZoneTexts.write(dir, "example.com.zone", APEX);

        assertEquals(Name.fromString("example.com."),
                ZoneLoader.load(file, Name.fromString("example.com.")).origin());
        ZoneLoadException e = assertThrows(ZoneLoadException.class,
                () -> ZoneLoader.load(file, Name.fromString("example.org.")));
        assertTrue(e.getMessage().startsWith(file + ": no SOA record at the zone apex example.org."), e.getMessage());
        assertTrue(e.problems().stream().anyMatch(p -> p.reason().contains("outside the zone example.org.")));
    }

    @Test
    void generateExpandsAndItsRecordsBlameTheDirectiveLine() throws Exception {
        LoadedZone zone = ZoneTexts.load(dir, "example.com.zone", APEX + "$GENERATE 1-5 host$ A 192.0.2.$\n");
        assertEquals("192.0.2.4", zone.rrset(Name.fromString("host4.example.com."), Type.A).orElseThrow()
                .first().rdataToString());
        assertEquals(5, zone.names().stream().filter(n -> n.toString().startsWith("host")).count());

        assertProblem("example.com.zone", FIRST_FREE_LINE + 1, "CNAME at host3.example.com.",
                "host3 A 192.0.2.99\n$GENERATE 1-5 host$ CNAME ns1\n");
    }
}
