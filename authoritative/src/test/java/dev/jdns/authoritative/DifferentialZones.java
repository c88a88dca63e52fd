package dev.jdns.authoritative;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The zone set both servers of the NSD differential serve: a parent ({@code diff.test.}) with every feature the
 * answer algorithm has a rule for, and a child ({@code child.diff.test.}) delegated from it and served beside it.
 */
final class DifferentialZones {

    static final String PARENT = "diff.test.";
    static final String CHILD = "child.diff.test.";

    private static final String PARENT_TEXT = """
            $ORIGIN diff.test.
            $TTL 3600
            @         IN SOA ns1 hostmaster 2024010101 7200 3600 1209600 300
            @         NS    ns1
            @         NS    ns2
            @         A     192.0.2.1
            @         AAAA  2001:db8::1
            @         MX    10 mail
            @         MX    20 mx.example.org.
            @         TXT   "v=spf1 -all"
            @         CAA   0 issue "letsencrypt.org"
            ns1       A     192.0.2.53
            ns1       AAAA  2001:db8::53
            ns2       A     192.0.2.54
            mail      A     192.0.2.25
            mail      AAAA  2001:db8::25
            www  600  A     192.0.2.80
            www  600  A     192.0.2.81
            www       AAAA  2001:db8::80
            MiXeD     A     192.0.2.90
            txt       TXT   "first string" "second string"
            txt       TXT   "another record"
            alias     CNAME www
            alias2    CNAME alias
            alias3    CNAME alias2
            outside   CNAME www.example.org.
            chain-out CNAME outside
            to-child  CNAME www.child
            to-deleg  CNAME host.deleg
            to-nx     CNAME nothing-here
            _sip._tcp SRV   10 60 5060 sip
            _sip._tcp SRV   20 60 5060 sip2.example.org.
            sip       A     192.0.2.60
            ; wildcards: data, blocked by an existing name, blocked by an empty non-terminal, wildcard CNAME
            *.wild    A     192.0.2.100
            *.wild    TXT   "wildcard"
            exists.wild A   192.0.2.101
            a.ent.wild  A   192.0.2.102
            *.wcname  CNAME www
            *.wcout   CNAME target.example.org.
            ; empty non-terminals
            leaf.b.c.ent A  192.0.2.110
            ; DNAME to a name inside the zone and to one outside
            dname     DNAME target
            x.target  A     192.0.2.120
            dname-out DNAME example.org.
            ; a large RRset: more than fits in 512 octets
            big  A 10.0.0.1
            big  A 10.0.0.2
            big  A 10.0.0.3
            big  A 10.0.0.4
            big  A 10.0.0.5
            big  A 10.0.0.6
            big  A 10.0.0.7
            big  A 10.0.0.8
            big  A 10.0.0.9
            big  A 10.0.0.10
            big  A 10.0.0.11
            big  A 10.0.0.12
            big  A 10.0.0.13
            big  A 10.0.0.14
            big  A 10.0.0.15
            big  A 10.0.0.16
            big  A 10.0.0.17
            big  A 10.0.0.18
            big  A 10.0.0.19
            big  A 10.0.0.20
            big  A 10.0.0.21
            big  A 10.0.0.22
            big  A 10.0.0.23
            big  A 10.0.0.24
            big  A 10.0.0.25
            big  A 10.0.0.26
            big  A 10.0.0.27
            big  A 10.0.0.28
            big  A 10.0.0.29
            big  A 10.0.0.30
            big  A 10.0.0.31
            big  A 10.0.0.32
            big  A 10.0.0.33
            big  A 10.0.0.34
            big  A 10.0.0.35
            bigtxt TXT "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
            bigtxt TXT "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
            bigtxt TXT "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"
            bigtxt TXT "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
            bigtxt TXT "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"
            bigtxt TXT "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
            ; delegations: in-bailiwick glue, DS at the cut, sibling glue, an out-of-zone server
            deleg     NS    ns1.deleg
            deleg     NS    ns.sib
            deleg     DS    12345 13 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF
            ns1.deleg A     192.0.2.201
            ns1.deleg AAAA  2001:db8::201
            sib       NS    ns.sib
            sib       NS    ns.example.org.
            ns.sib    A     192.0.2.202
            far       NS    ns.example.org.
            far       NS    ns.example.net.
            ; the child zone, also served here
            child     NS    ns1.child
            child     DS    54321 13 2 FEDCBA9876543210FEDCBA9876543210FEDCBA9876543210FEDCBA9876543210
            ns1.child A     192.0.2.210
            """;

    private static final String CHILD_TEXT = """
            $ORIGIN child.diff.test.
            $TTL 1800
            @         IN SOA ns1 hostmaster 7 7200 3600 1209600 60
            @         NS    ns1
            @         MX    5 mail
            ns1       A     192.0.2.210
            www       A     192.0.2.211
            mail      A     192.0.2.212
            back      CNAME www.diff.test.
            *         TXT   "child wildcard"
            """;

    private DifferentialZones() {}

    /** Writes the zone files into {@code dir}: origin (absolute, with the dot) -> file. */
    static Map<String, Path> write(Path dir) throws IOException {
        Map<String, Path> files = new LinkedHashMap<>();
        files.put(PARENT, ZoneTexts.write(dir, PARENT + "zone", PARENT_TEXT));
        files.put(CHILD, ZoneTexts.write(dir, CHILD + "zone", CHILD_TEXT));
        return files;
    }
}
