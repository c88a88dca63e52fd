package dev.jdns.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The zones of the simulated internet that {@link LoopbackHierarchy} serves: a root, the TLDs {@code test.} and
 * {@code lab.}, and domains below them. Every server has its own address {@code <prefix>.<host>} in 127.0.0.0/8;
 * {@code {P}} in the zone texts stands for the prefix. Addresses in answers (192.0.2.0/24) are data, never queried.
 */
final class HierarchyZones {

    static final int ROOT = 2;
    static final int TLD_TEST = 3;
    static final int TLD_LAB = 4;
    static final int EXAMPLE_TEST = 10;
    /** Served by NSD, not jdns. */
    static final int OTHER_LAB = 11;
    static final int HOSTER_LAB = 12;
    static final int GLUELESS_TEST = 13;
    /** Answers, but not for the zones delegated to it: REFUSED (a lame delegation). */
    static final int LAME = 14;
    /** Receives and never answers. */
    static final int SILENT = 15;
    /**
     * Never answers either: deadend.test.'s own silent server, so that whether shaky.test.'s silent server is in its
     * failure backoff (RFC 9520) does not depend on the order the tests run in.
     */
    static final int SILENT_DEADEND = 19;
    static final int SHAKY_TEST = 16;
    static final int SECOND_TEST = 17;
    static final int FLOOD_TEST = 18;

    /** Number of TXT records at big.example.test: too many for 1232 octets over UDP, so TCP is needed. */
    static final int BIG_TXT_RECORDS = 40;

    /** The hosts file given to the jdns resolver (and, as local data, to Unbound). */
    static final String HOSTS = """
            192.168.1.50   printer.home printer
            192.168.1.51   nas.home
            fd00::51       nas.home
            192.168.1.52   www.shadow.test
            """;

    private HierarchyZones() {}

    /** Zone origin -> the hosts that the parent's delegation names (what a resolver may ask). */
    static Map<String, List<Integer>> delegations() {
        Map<String, List<Integer>> cuts = new LinkedHashMap<>();
        cuts.put(".", List.of(ROOT));
        cuts.put("test.", List.of(TLD_TEST));
        cuts.put("lab.", List.of(TLD_LAB));
        cuts.put("example.test.", List.of(EXAMPLE_TEST));
        cuts.put("other.lab.", List.of(OTHER_LAB));
        cuts.put("hoster.lab.", List.of(HOSTER_LAB));
        cuts.put("glueless.test.", List.of(GLUELESS_TEST));
        cuts.put("shaky.test.", List.of(LAME, SILENT, SHAKY_TEST));
        cuts.put("deadend.test.", List.of(LAME, SILENT_DEADEND));
        cuts.put("second.test.", List.of(SECOND_TEST));
        cuts.put("flood.test.", List.of(FLOOD_TEST));
        return cuts;
    }

    /** Host -> origin -> zone text of the jdns authoritative servers (NSD's zone is {@link #otherLab()}). */
    static Map<Integer, Map<String, String>> jdnsServers() {
        Map<Integer, Map<String, String>> servers = new LinkedHashMap<>();
        servers.put(ROOT, Map.of(".", root()));
        servers.put(TLD_TEST, Map.of("test.", tldTest()));
        servers.put(TLD_LAB, Map.of("lab.", tldLab()));
        servers.put(EXAMPLE_TEST, Map.of("example.test.", exampleTest()));
        servers.put(HOSTER_LAB, Map.of("hoster.lab.", """
                $TTL 3600
                @    SOA ns1 admin 1 3600 600 86400 300
                @    NS  ns1
                ns1  A   {P}.12
                ns   A   {P}.13
                """));
        servers.put(GLUELESS_TEST, Map.of("glueless.test.", """
                $TTL 3600
                @    SOA ns.hoster.lab. admin 1 3600 600 86400 300
                @    NS  ns.hoster.lab.
                www  A   192.0.2.13
                """));
        servers.put(LAME, Map.of("elsewhere.lab.", """
                $TTL 3600
                @    SOA ns admin 1 3600 600 86400 300
                @    NS  ns
                ns   A   {P}.14
                """));
        servers.put(SHAKY_TEST, Map.of("shaky.test.", """
                $TTL 3600
                @          SOA ns-ok admin 1 3600 600 86400 300
                @          NS  ns-lame
                @          NS  ns-silent
                @          NS  ns-ok
                ns-lame    A   {P}.14
                ns-silent  A   {P}.15
                ns-ok      A   {P}.16
                www        A   192.0.2.16
                """));
        servers.put(SECOND_TEST, Map.of("second.test.", simpleZone("{P}.17", "192.0.2.17")));
        servers.put(FLOOD_TEST, Map.of("flood.test.", simpleZone("{P}.18", "192.0.2.18") + "*  A  192.0.2.180\n"));
        return servers;
    }

    private static String root() {
        return """
                $TTL 86400
                .                     SOA a.root-servers.test. admin.nic.test. 1 3600 600 86400 3600
                .                     NS  a.root-servers.test.
                a.root-servers.test.  A   {P}.2
                test.                 NS  ns.nic.test.
                ns.nic.test.          A   {P}.3
                lab.                  NS  ns.nic.lab.
                ns.nic.lab.           A   {P}.4
                """;
    }

    private static String tldTest() {
        return """
                $TTL 86400
                @                SOA ns.nic admin.nic 1 3600 600 86400 3600
                @                NS  ns.nic
                ns.nic           A   {P}.3
                a.root-servers   A   {P}.2
                example          NS  ns1.example
                ns1.example      A   {P}.10
                glueless         NS  ns.hoster.lab.
                shaky            NS  ns-lame.shaky
                shaky            NS  ns-silent.shaky
                shaky            NS  ns-ok.shaky
                ns-lame.shaky    A   {P}.14
                ns-silent.shaky  A   {P}.15
                ns-ok.shaky      A   {P}.16
                deadend          NS  ns-lame.deadend
                deadend          NS  ns-silent.deadend
                ns-lame.deadend  A   {P}.14
                ns-silent.deadend A  {P}.19
                second           NS  ns.second
                ns.second        A   {P}.17
                flood            NS  ns.flood
                ns.flood         A   {P}.18
                ; TsuNAME: cycle.test. and cycle.lab. name each other's servers, without glue
                cycle            NS  ns.cycle.lab.
                """;
    }

    private static String tldLab() {
        return """
                $TTL 86400
                @            SOA ns.nic admin.nic 1 3600 600 86400 3600
                @            NS  ns.nic
                ns.nic       A   {P}.4
                hoster       NS  ns1.hoster
                ns1.hoster   A   {P}.12
                other        NS  ns.other
                ns.other     A   {P}.11
                cycle        NS  ns.cycle.test.
                """;
    }

    private static String exampleTest() {
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < BIG_TXT_RECORDS; i++) {
            big.append("big  TXT  \"record ").append(i).append(" of a set too large for one UDP reply\"\n");
        }
        return """
                $TTL 3600
                @          SOA ns1 admin 1 3600 600 86400 300
                @          NS  ns1
                ns1        A   {P}.10
                www        A   192.0.2.1
                www        A   192.0.2.2
                mail       A   192.0.2.5
                @          MX  10 mail
                MixedCase  A   192.0.2.9
                alias      CNAME www.other.lab.
                hop        CNAME back.other.lab.
                loop       CNAME loop.other.lab.
                tohosts    CNAME printer.home.
                tomissing  CNAME gone.other.lab.
                txtonly    TXT "only text here"
                *.wild     A   192.0.2.77
                """ + big;
    }

    /** other.lab., served by NSD: the CNAMEs that make chains cross TLDs and come back. */
    static String otherLab() {
        return """
                $TTL 3600
                @      SOA ns admin 1 3600 600 86400 300
                @      NS  ns
                ns     A   {P}.11
                www    A   192.0.2.11
                back   CNAME mail.example.test.
                loop   CNAME loop.example.test.
                """;
    }

    private static String simpleZone(String serverAddress, String wwwAddress) {
        return """
                $TTL 3600
                @    SOA ns admin 1 3600 600 86400 300
                @    NS  ns
                ns   A   %s
                www  A   %s
                """.formatted(serverAddress, wwwAddress);
    }
}
