package dev.jdns.authoritative;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** RFC 8482 §4.2: ANY is answered with one RRset, the one with the lowest type code. */
class AnyTest {

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> minimalAny() throws Exception {
        LoadedZone zone = ZoneTexts.load(dir, "example.com.zone", ZoneTexts.SOA + """
                @       NS    ns1.example.net.
                @       MX    10 mail
                mail    TXT   "mail"
                mail    MX    10 mail
                mail    A     192.0.2.25
                text    TXT   "only"
                text    MX    20 mail
                www     CNAME mail
                *.wild  TXT   "wild"
                *.wild  AAAA  2001:db8:0:0:0:0:0:1
                a.ent   A     192.0.2.1
                """);
        return AnswerTable.rows(zone, """
                mail.example.com. ANY   | NOERROR aa | mail.example.com. A 192.0.2.25
                text.example.com. ANY   | NOERROR aa | text.example.com. MX 20 mail.example.com. | | mail.example.com. A 192.0.2.25
                # The apex: NS (2) before SOA (6) and MX (15).
                example.com. ANY        | NOERROR aa | example.com. NS ns1.example.net.
                # A CNAME is returned itself, not followed.
                www.example.com. ANY    | NOERROR aa | www.example.com. CNAME mail.example.com.
                # Wildcards synthesise the chosen RRset for the query name: TXT (16) before AAAA (28).
                x.wild.example.com. ANY | NOERROR aa | x.wild.example.com. TXT wild
                ent.example.com. ANY    | NOERROR aa | | example.com. SOA
                nope.example.com. ANY   | NXDOMAIN aa | | example.com. SOA
                """);
    }
}
