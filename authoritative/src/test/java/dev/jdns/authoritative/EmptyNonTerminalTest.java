package dev.jdns.authoritative;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Empty non-terminals (RFC 4592 §2.2.2, RFC 8020): names that own nothing but have descendants exist, so they
 * are NODATA, never NXDOMAIN, and they block wildcards above them.
 */
class EmptyNonTerminalTest {

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> emptyNonTerminals() throws Exception {
        LoadedZone zone = ZoneTexts.load(dir, "example.com.zone", ZoneTexts.SOA + """
                @                  NS   ns1
                ns1                A    192.0.2.53
                a.b.c              A    192.0.2.1
                _25._tcp.mail      TLSA 3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
                *                  A    192.0.2.99
                """);
        return AnswerTable.rows(zone, """
                # b.c and c are empty non-terminals.
                c.example.com. A         | NOERROR aa | | example.com. SOA
                b.c.example.com. A       | NOERROR aa | | example.com. SOA
                b.c.example.com. ANY     | NOERROR aa | | example.com. SOA
                a.b.c.example.com. A     | NOERROR aa | a.b.c.example.com. A 192.0.2.1
                # The wildcard at the apex does not reach through an existing empty non-terminal.
                x.b.c.example.com. A     | NXDOMAIN aa | | example.com. SOA
                x.c.example.com. A       | NXDOMAIN aa | | example.com. SOA
                _tcp.mail.example.com. A | NOERROR aa | | example.com. SOA
                mail.example.com. A      | NOERROR aa | | example.com. SOA
                # Names that do not exist next to them are still covered by the wildcard.
                other.example.com. A     | NOERROR aa | other.example.com. A 192.0.2.99
                """);
    }
}
