package dev.jdns.cli.dig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static dev.jdns.cli.dig.TextAssertions.assertInOrder;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * +trace and +explain against a small internet of real jdns authoritative servers on 127.0.0.2-6: a root, the
 * TLDs test. and lab., and example.test. and other.lab., and a cyclic delegation (cycle.test., cycle.lab.) The zones give public-looking addresses (192.0.2.x);
 * an --upstream-map file says which loopback socket each one really is.
 */
class TraceAndExplainTest {

    @TempDir
    static Path dir;
    private static AuthServers servers;
    private static InetSocketAddress root;
    private static Path rootHints;
    private static Path map;
    private static Path hosts;

    @BeforeAll
    static void start() throws Exception {
        servers = new AuthServers(dir);
        root = servers.serve("127.0.0.2", 0, "root.zone", """
                $ORIGIN .
                $TTL 86400
                @                    SOA a.root-servers.test. hostmaster.root. 1 3600 600 86400 300
                @                    NS  a.root-servers.test.
                a.root-servers.test. A   192.0.2.1
                test.                NS  ns.nic.test.
                ns.nic.test.         A   192.0.2.10
                lab.                 NS  ns.nic.lab.
                ns.nic.lab.          A   192.0.2.20
                """);
        InetSocketAddress test = servers.serve("127.0.0.3", 0, "test.zone", """
                $ORIGIN test.
                $TTL 3600
                @           SOA ns.nic hostmaster.nic 1 3600 600 86400 300
                @           NS  ns.nic
                ns.nic      A   192.0.2.10
                example     NS  ns1.example
                ns1.example A   192.0.2.100
                cycle       NS  ns.cycle.lab.
                """);
        InetSocketAddress lab = servers.serve("127.0.0.4", 0, "lab.zone", """
                $ORIGIN lab.
                $TTL 3600
                @           SOA ns.nic hostmaster.nic 1 3600 600 86400 300
                @           NS  ns.nic
                ns.nic      A   192.0.2.20
                other       NS  ns.other
                ns.other    A   192.0.2.201
                cycle       NS  ns.cycle.test.
                """);
        InetSocketAddress example = servers.serve("127.0.0.5", 0, "example.test.zone", """
                $ORIGIN example.test.
                $TTL 300
                @      SOA   ns1 hostmaster 1 3600 600 86400 60
                @      NS    ns1
                ns1    A     192.0.2.100
                www    A     203.0.113.1
                alias  CNAME www.other.lab.
                hosted CNAME myhost.local.
                """);
        InetSocketAddress other = servers.serve("127.0.0.6", 0, "other.lab.zone", """
                $ORIGIN other.lab.
                $TTL 300
                @      SOA   ns hostmaster 1 3600 600 86400 60
                @      NS    ns
                ns     A     192.0.2.201
                www    A     203.0.113.2
                """);
        rootHints = Files.writeString(dir.resolve("named.root"), """
                .                    3600000 NS a.root-servers.test.
                a.root-servers.test. 3600000 A  192.0.2.1
                """);
        map = Files.writeString(dir.resolve("addresses"), """
                # lab address -> where that server really listens
                192.0.2.1   %s
                192.0.2.10  %s
                192.0.2.20  %s
                192.0.2.100 %s
                192.0.2.201 %s
                """.formatted(mapped(root), mapped(test), mapped(lab), mapped(example), mapped(other)));
        hosts = Files.writeString(dir.resolve("hosts"), "10.1.1.1 myhost.local\n");
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    @Test
    void traceWalksFromTheRootThroughTheTldToTheAuthoritativeServer() {
        DigRun run = DigRun.of("+trace", "--root-hints", rootHints.toString(), "--upstream-map", map.toString(),
                "www.example.test");

        assertEquals(0, run.exit(), run.err());
        String out = run.out();
        assertInOrder(out,
                ".\t\t\t3600000\tIN\tNS\ta.root-servers.test.",
                ";; Root hints from " + rootHints,
                "test.\t\t\t86400\tIN\tNS\tns.nic.test.",
                "bytes from 192.0.2.1#53(a.root-servers.test) in ", " ms, via " + socket(root),
                "example.test.\t\t3600\tIN\tNS\tns1.example.test.",
                "bytes from 192.0.2.10#53(ns.nic.test)", ", via 127.0.0.3#",
                "www.example.test.\t300\tIN\tA\t203.0.113.1",
                "bytes from 192.0.2.100#53(ns1.example.test)");
        // The address the delegation names, then the socket the upstream map sent the query to.
        assertTrue(Pattern.compile(";; Received \\d+ bytes from 192\\.0\\.2\\.100#53\\(ns1\\.example\\.test\\) in"
                + " \\d+ ms, via 127\\.0\\.0\\.5#\\d+").matcher(out).find(), out);
    }

    @Test
    void traceShowsTheCnameRestartAndTheWalkIntoTheOtherTld() {
        DigRun run = DigRun.of("+trace", "--root-hints", rootHints.toString(), "--upstream-map", map.toString(),
                "alias.example.test");

        assertInOrder(run.out(),
                "alias.example.test.\t300\tIN\tCNAME\twww.other.lab.",
                ";; alias.example.test. is an alias for www.other.lab.: restarting at the hosts file (hop 1)",
                "lab.\t\t\t86400\tIN\tNS\tns.nic.lab.",
                "other.lab.\t\t3600\tIN\tNS\tns.other.lab.",
                "www.other.lab.\t\t300\tIN\tA\t203.0.113.2",
                "bytes from 192.0.2.201#53(ns.other.lab)", ", via 127.0.0.6#");
    }

    @Test
    void traceFromAServerAsksItForTheRootNsSetFirstAsDigDoes() {
        DigRun run = DigRun.of("+trace", "@127.0.0.2", "-p", Integer.toString(root.getPort()), "--upstream-map",
                map.toString(), "www.example.test");

        assertEquals(0, run.exit(), run.err());
        assertInOrder(run.out(),
                ".\t\t\t86400\tIN\tNS\ta.root-servers.test.",
                ";; Received ",
                "bytes from " + socket(root) + "(127.0.0.2) in ",
                "test.\t\t\t86400\tIN\tNS\tns.nic.test.",
                "www.example.test.\t300\tIN\tA\t203.0.113.1");
    }

    @Test
    void explainTellsEachStepAndTheSecondRunInOneProcessHitsTheCache() throws Exception {
        Path batch = Files.writeString(dir.resolve("twice"), "www.example.test\nwww.example.test\n");

        DigRun run = DigRun.of("+explain", "--root-hints", rootHints.toString(), "--upstream-map", map.toString(),
                "--hosts", hosts.toString(), "-f", batch.toString());

        assertEquals(0, run.exit(), run.err());
        String[] lessons = run.out().split(";; EXPLAIN: ");
        assertEquals(3, lessons.length, run.out());
        assertInOrder(lessons[1],
                "hosts file: miss for www.example.test. A",
                "cache: miss for www.example.test. A",
                "upstream: asked a.root-servers.test. (192.0.2.1#53, via " + socket(root)
                        + ") for zone .: ANSWER (NOERROR,", "question . NS",
                "root NS set primed (RFC 9609): [a.root-servers.test.], for 86400 s",
                "iterate: start at zone . (cached delegation)",
                "upstream: asked a.root-servers.test. (192.0.2.1#53, via " + socket(root)
                        + ") for zone .: REFERRAL (NOERROR,",
                "referral from . down to test.",
                "upstream: asked ns.nic.test. (192.0.2.10#53, via 127.0.0.3#",
                "referral from test. down to example.test.",
                "upstream: asked ns1.example.test. (192.0.2.100#53, via 127.0.0.5#",
                ": ANSWER (NOERROR,",
                ";; Final answer: NOERROR, 1 answer records",
                "www.example.test.\t300\tIN\tA\t203.0.113.1",
                ";; Total time: ");
        assertInOrder(lessons[2], "hosts file: miss for www.example.test. A", "cache: hit for www.example.test. A",
                " s left", ";; Final answer: NOERROR");
        assertTrue(!lessons[2].contains("upstream:"), lessons[2]);
    }

    @Test
    void explainShowsACyclicDelegationRememberedAsFailingAndTheFailureCacheAnsweringFromThen() {
        DigRun run = DigRun.of("+explain", "--root-hints", rootHints.toString(), "--upstream-map", map.toString(),
                "--hosts", hosts.toString(), "www.cycle.test");

        assertInOrder(run.out(),
                "referral from test. down to cycle.test., NS [ns.cycle.lab.]",
                "referral from lab. down to cycle.lab., NS [ns.cycle.test.]",
                "refused: depth limit or cyclic NS dependency",
                "failure cached: zone cycle.test.: no usable reply from any server, not asked for 1 s (failure 1)",
                "failure cached: zone cycle.test. not asked, 1 s left",
                ";; Final answer: SERVFAIL");
    }

    @Test
    void explainShowsACnameRestartAnsweredByTheHostsFile() {
        DigRun run = DigRun.of("+explain", "--root-hints", rootHints.toString(), "--upstream-map", map.toString(),
                "--hosts", hosts.toString(), "hosted.example.test");

        assertInOrder(run.out(),
                ": CNAME (NOERROR,",
                "CNAME: hosted.example.test. is an alias for myhost.local., restart at the hosts file (hop 1)",
                "hosts file: hit for myhost.local. A, 1 records",
                "hosted.example.test.\t300\tIN\tCNAME\tmyhost.local.",
                "myhost.local.\t\t");
    }

    @Test
    void explainJsonGivesMachinesTheSameSteps() {
        DigRun run = DigRun.of("+explain", "+json", "--root-hints", rootHints.toString(), "--upstream-map",
                map.toString(), "--hosts", hosts.toString(), "www.example.test");

        assertInOrder(run.out(), "\"question\": \"www.example.test. A\"", "\"stage\": \"hosts\"",
                "\"result\": \"miss\"", "\"stage\": \"cache\"", "\"stage\": \"upstream\"", "\"result\": \"REFERRAL\"",
                "\"server\": \"a.root-servers.test.\"", "\"result\": \"ANSWER\"", "\"RCODEName\": \"NOERROR\"",
                "\"rdataA\": \"203.0.113.1\"", "\"totalMs\": ");
    }

    private static String socket(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + "#" + address.getPort();
    }

    private static String mapped(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
