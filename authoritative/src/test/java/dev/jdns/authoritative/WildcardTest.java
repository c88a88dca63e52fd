package dev.jdns.authoritative;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** RFC 4592 wildcards: the §2.2.1 example zone and its table, then wildcard CNAMEs and blocking. */
class WildcardTest {

    @TempDir
    Path dir;

    /** The zone of RFC 4592 §2.2.1, verbatim apart from the SOA and SRV data. */
    private static final String RFC4592_ZONE = """
            $ORIGIN example.
            example.                 3600 IN SOA ns.example.com. hostmaster.example.com. 1 7200 3600 1209600 300
            example.                 3600    NS    ns.example.com.
            example.                 3600    NS    ns.example.net.
            *.example.               3600    TXT   "this is a wildcard"
            *.example.               3600    MX    10 host1.example.
            sub.*.example.           3600    TXT   "this is not a wildcard"
            host1.example.           3600    A     192.0.2.1
            _ssh._tcp.host1.example. 3600    SRV   0 0 22 host1.example.
            _ssh._tcp.host2.example. 3600    SRV   0 0 22 host2.example.
            subdel.example.          3600    NS    ns.example.com.
            subdel.example.          3600    NS    ns.example.net.
            """;

    @TestFactory
    Stream<DynamicTest> rfc4592Examples() throws Exception {
        LoadedZone zone = ZoneTexts.load(dir, "example.zone", RFC4592_ZONE);
        return AnswerTable.rows(zone, """
                # §2.2.1: the wildcard answers for names that do not exist below the closest encloser.
                host3.example. MX      | NOERROR aa | host3.example. MX 10 host1.example. | | host1.example. A 192.0.2.1
                host3.example. A       | NOERROR aa | | example. SOA
                foo.bar.example. TXT   | NOERROR aa | foo.bar.example. TXT "this is a wildcard"
                # Existing names are not matched by the wildcard.
                host1.example. MX      | NOERROR aa | | example. SOA
                sub.*.example. MX      | NOERROR aa | | example. SOA
                # Closest encloser host1.example has no wildcard child.
                _telnet._tcp.host1.example. SRV | NXDOMAIN aa | | example. SOA
                # _tcp.host2.example is an empty non-terminal: it blocks the wildcard.
                _tcp.host2.example. SRV | NOERROR aa | | example. SOA
                _telnet._tcp.host2.example. SRV | NXDOMAIN aa | | example. SOA
                # Below a cut: referral, never the wildcard.
                host.subdel.example. A  | NOERROR | | subdel.example. NS ns.example.com.; subdel.example. NS ns.example.net.
                # *.example exists, so it is the closest encloser of ghost.*.example; *.*.example does not exist.
                ghost.*.example. MX     | NXDOMAIN aa | | example. SOA
                # The wildcard name itself is an ordinary name when asked for literally.
                *.example. TXT          | NOERROR aa | *.example. TXT "this is a wildcard"
                """);
    }

    @TestFactory
    Stream<DynamicTest> wildcardCnameAndBlocking() throws Exception {
        LoadedZone zone = ZoneTexts.load(dir, "example.com.zone", ZoneTexts.SOA + """
                @          NS    ns1
                ns1        A     192.0.2.53
                *          CNAME target
                target     A     192.0.2.10
                *.out      CNAME www.elsewhere.org.
                a.b.deep   A     192.0.2.20
                *.deep     A     192.0.2.30
                """);
        return AnswerTable.rows(zone, """
                # RFC 4592 §4.3: a wildcard CNAME is synthesised with the query name as owner, then followed.
                anything.example.com. A  | NOERROR aa | anything.example.com. CNAME target.example.com.; target.example.com. A 192.0.2.10
                anything.example.com. CNAME | NOERROR aa | anything.example.com. CNAME target.example.com.
                x.y.example.com. A       | NOERROR aa | x.y.example.com. CNAME target.example.com.; target.example.com. A 192.0.2.10
                # The synthesised CNAME points out of the zone: the chain is returned for the resolver to follow.
                x.out.example.com. A     | NOERROR aa | x.out.example.com. CNAME www.elsewhere.org.
                # deep.example.com and b.deep.example.com exist (b is an empty non-terminal).
                zz.deep.example.com. A   | NOERROR aa | zz.deep.example.com. A 192.0.2.30
                zz.b.deep.example.com. A | NXDOMAIN aa | | example.com. SOA
                b.deep.example.com. A    | NOERROR aa | | example.com. SOA
                # An existing name with no A is NODATA, not the wildcard's data.
                ns1.example.com. AAAA    | NOERROR aa | | example.com. SOA
                """);
    }
}
