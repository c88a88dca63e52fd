package dev.jdns.cli.dig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.DnsServer;
import dev.jdns.transport.Replies;
import dev.jdns.transport.Response;
import dev.jdns.transport.testing.peers.PeerProcess;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/**
 * The same queries, to the same jdns authoritative server on loopback, through real dig (BIND 9.18) and through
 * {@code jdns dig}: after removing what differs by nature (banner, query ID, time, date), the outputs are
 * identical: header fields, flags, counts, OPT, every section and record, the layout itself.
 */
class DigDifferentialTest {

    @TempDir
    static Path dir;
    private static AuthServers servers;
    private static InetSocketAddress server;

    @BeforeAll
    static void start() throws Exception {
        servers = new AuthServers(dir);
        server = servers.serve("127.0.0.1", 0, "example.test.zone", """
                $ORIGIN example.test.
                $TTL 300
                @      SOA   ns1 hostmaster 1 3600 600 86400 60
                @      NS    ns1
                ns1    A     127.0.0.1
                www    A     203.0.113.1
                www    AAAA  2001:db8::1
                alias  CNAME www
                txt    TXT   "hello world" second
                mx     MX    10 mail
                sub    NS    ns.sub
                ns.sub A     127.0.0.9
                a-very-long-label-name-here-for-columns 2147483647 A 1.2.3.4
                """);
    }

    @AfterAll
    static void stop() {
        servers.close();
        failing.close();
    }

    /**
     * A server that fails every question with the Extended DNS Error its first label names ({@code ede22-text}: code
     * 22 with a text, {@code ede18}: code 18 alone), as a resolver does.
     */
    private static DnsServer failing;

    @BeforeAll
    static void startFailing() throws Exception {
        failing = new DnsServer(List.of(new InetSocketAddress("127.0.0.1", 0)), query -> {
            Message request = query.message();
            String label = request.getQuestion().getName().getLabelString(0);
            int code = Integer.parseInt(label.replaceAll("^ede(\\d+).*$", "$1"));
            Message reply = Replies.error(request, Rcode.SERVFAIL);
            reply.getHeader().setFlag(Flags.RA);
            ExtendedErrorCodeOption error = label.endsWith("-text")
                    ? new ExtendedErrorCodeOption(code, "no server of zone example. gave a usable reply")
                    : new ExtendedErrorCodeOption(code);
            reply.addRecord(new OPTRecord(0, 0, 0, 0, List.of(error)), Section.ADDITIONAL);
            return Response.of(reply);
        });
        failing.start();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ede22-text.example", "ede18.example", "ede6-text.example +dnssec", "ede13.example"})
    void extendedErrorsPrintAsDigPrintsThem(String query) throws Exception {
        Path dig = PeerProcess.requireExecutable("dig");
        List<String> args = new ArrayList<>(List.of("@127.0.0.1", "-p",
                Integer.toString(failing.boundAddresses().getFirst().getPort())));
        args.addAll(Arrays.asList(query.split(" ")));

        String expected = RealDig.normalise(RealDig.run(dig, args));
        DigRun jdns = DigRun.of(args.toArray(String[]::new));

        assertTrue(expected.contains("; EDE: "), expected);
        assertEquals(expected, RealDig.normalise(jdns.out()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "www.example.test",
        "alias.example.test +norec",
        "nope.example.test +dnssec +bufsize=512",
        "www.sub.example.test",
        "txt.example.test TXT +nocomments",
        "-t AAAA www.example.test +tcp",
        "mx.example.test MX +noquestion +nostats",
        "a-very-long-label-name-here-for-columns.example.test example.test SOA",
        "example.test ANY +noall +answer",
        "mx.example.test MX +short",
        "-x 127.0.0.1",
        "www.example.test +cd +noadflag",
        "www.example.test +adflag +cdflag +dnssec",
        "nope.example.test +noad",
    })
    void jdnsDigPrintsWhatDigPrints(String query) throws Exception {
        Path dig = PeerProcess.requireExecutable("dig"); // skipped without dig, except in CI where it must run
        List<String> args = new ArrayList<>(List.of("@127.0.0.1", "-p", Integer.toString(server.getPort())));
        args.addAll(Arrays.asList(query.split(" ")));

        String expected = RealDig.normalise(RealDig.run(dig, args));
        DigRun jdns = DigRun.of(args.toArray(String[]::new));

        assertEquals(0, jdns.exit(), jdns.err());
        assertEquals(expected, RealDig.normalise(jdns.out()));
        if (!query.contains("+short") && !query.contains("+noall") && !query.contains("+nocomments")) {
            assertTrue(expected.contains("status: "), expected); // the comparison did include the header
        }
    }
}
