package dev.jdns.authoritative;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** RFC 1034 §4.3.2 step 3a with an exact match, and additional-section processing for MX, SRV and NS. */
class ExactMatchTest {

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> exactMatches() throws Exception {
        LoadedZone zone = ZoneTexts.load(dir, "example.com.zone", ZoneTexts.SOA + """
                @         NS    ns1
                @         NS    ns.example.net.
                @         MX    10 mail
                @         MX    20 mx.example.net.
                ns1       A     192.0.2.53
                ns1       AAAA  2001:db8:0:0:0:0:0:53
                mail      A     192.0.2.25
                www       A     192.0.2.80
                www       TXT   "hello"
                _sip._udp SRV   0 5 5060 sip
                sip       AAAA  2001:db8:0:0:0:0:0:5060
                """);
        return AnswerTable.rows(zone, """
                www.example.com. A      | NOERROR aa | www.example.com. A 192.0.2.80
                www.example.com. TXT    | NOERROR aa | www.example.com. TXT hello
                example.com. SOA        | NOERROR aa | example.com. SOA
                # RFC 1035 §3.3.11: NS answers carry the in-zone hosts' addresses; out-of-zone hosts get none.
                example.com. NS         | NOERROR aa | example.com. NS ns1.example.com.; example.com. NS ns.example.net. | | ns1.example.com. A 192.0.2.53; ns1.example.com. AAAA 2001:db8:0:0:0:0:0:53
                # RFC 1035 §3.3.9: MX exchanges inside the zone.
                example.com. MX         | NOERROR aa | example.com. MX 10 mail.example.com.; example.com. MX 20 mx.example.net. | | mail.example.com. A 192.0.2.25
                # RFC 2782: SRV targets.
                _sip._udp.example.com. SRV | NOERROR aa | _sip._udp.example.com. SRV 0 5 5060 sip.example.com. | | sip.example.com. AAAA 2001:db8:0:0:0:0:0:5060
                # No additional processing for other types.
                ns1.example.com. A      | NOERROR aa | ns1.example.com. A 192.0.2.53
                # NODATA and NXDOMAIN.
                www.example.com. AAAA   | NOERROR aa | | example.com. SOA
                nope.example.com. A     | NXDOMAIN aa | | example.com. SOA
                # Not our zone: the handler refuses.
                www.example.org. A      | REFUSED
                """);
    }
}
