package dev.jdns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.resolver.policy.PolicyZoneException;
import dev.jdns.transport.Protocol;
import dev.jdns.transport.client.DnsClient;
import dev.jdns.transport.client.DnsClientException;
import dev.jdns.transport.client.DnsReply;
import dev.jdns.transport.client.DnsTimeoutException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * {@code jdns resolver --rpz} over real sockets on a {@link LoopbackHierarchy}: each trigger kind and action, the
 * order of several policy zones, the hosts file before the policy, CNAME targets, reload on change and a broken
 * reload. The same zone in Unbound: {@link ResponsePolicyUnboundDifferentialTest}.
 */
class ResponsePolicyZonesTest {

    /** One of each action, on names of the hierarchy (see {@link HierarchyZones}). */
    static final String POLICY = """
            $ORIGIN rpz.local.
            $TTL 300
            @                      SOA   localhost. hostmaster.localhost. 1 3600 600 86400 60
            @                      NS    localhost.
            www.example.test       CNAME .
            txtonly.example.test   CNAME *.
            *.wild.example.test    CNAME .
            ok.wild.example.test   CNAME rpz-passthru.
            www.second.test        CNAME rpz-drop.
            www.other.lab          CNAME rpz-tcp-only.
            printer.home           CNAME .
            local.example.test     A     192.0.2.200
            local.example.test     TXT   "local data"
            *.garden.test          A     192.0.2.201
            *.walled.test          CNAME *.garden.test.
            redirect.example.test  CNAME mail.example.test.
            back.other.lab         CNAME .
            """;

    /** A second zone, after {@link #POLICY}: consulted only for names the first has no rule for. */
    static final String SECOND_POLICY = """
            $ORIGIN second.rpz.
            @                      SOA   localhost. hostmaster.localhost. 1 3600 600 86400 60
            www.example.test       A     192.0.2.99
            ok.wild.example.test   CNAME .
            ns1.example.test       CNAME .
            """;

    @TempDir
    static Path dir;

    private static LoopbackHierarchy hierarchy;
    private static ResolverService jdns;
    private static Path policy;
    private static Path second;

    @BeforeAll
    static void start() throws Exception {
        hierarchy = LoopbackHierarchy.start(dir);
        policy = Files.writeString(dir.resolve("policy.rpz"), POLICY);
        second = Files.writeString(dir.resolve("second.rpz"), SECOND_POLICY);
        jdns = ResolverService.against(hierarchy, "--rpz", policy.toString(), "--rpz", second.toString());
    }

    @AfterAll
    static void stop() {
        if (jdns != null) {
            jdns.close();
        }
        if (hierarchy != null) {
            hierarchy.close();
        }
    }

    @Test
    void nxdomainAndNodataAreBlockedWithThePolicyZonesSoa() throws Exception {
        Message nx = jdns.ask("www.example.test.", Type.A);
        assertEquals(Rcode.NXDOMAIN, nx.getRcode());
        assertEquals(List.of(), nx.getSection(Section.ANSWER));
        assertEquals(Name.fromString("rpz.local."), nx.getSection(Section.AUTHORITY).getFirst().getName());
        assertEquals(List.of(ExtendedErrorCodeOption.BLOCKED), errorCodes(nx));

        Message nodata = jdns.ask("txtonly.example.test.", Type.TXT);
        assertEquals(Rcode.NOERROR, nodata.getRcode());
        assertEquals(List.of(), nodata.getSection(Section.ANSWER));
        assertEquals(List.of(ExtendedErrorCodeOption.BLOCKED), errorCodes(nodata));
    }

    @Test
    void aWildcardTriggerCoversNamesBelowAndAnExactPassthruBeatsIt() throws Exception {
        assertEquals(Rcode.NXDOMAIN, jdns.ask("a.wild.example.test.", Type.A).getRcode());
        assertEquals(Rcode.NXDOMAIN, jdns.ask("x.y.wild.example.test.", Type.A).getRcode());
        Message passed = jdns.ask("ok.wild.example.test.", Type.A);
        assertEquals(Set.of("192.0.2.77"), AnswerSummary.of(passed).rrsets().values().iterator().next(),
                "passthru in the first zone: the second zone's NXDOMAIN is not consulted");
        assertEquals(List.of(), errorCodes(passed));
    }

    @Test
    void theFirstZoneWithARuleWins() throws Exception {
        assertEquals(Rcode.NXDOMAIN, jdns.ask("www.example.test.", Type.A).getRcode(), "the first zone's rule");
        assertEquals(Rcode.NXDOMAIN, jdns.ask("ns1.example.test.", Type.A).getRcode(), "only the second has one");
    }

    @Test
    void dropSendsNoReply() throws Exception {
        DnsClient shortWait = new DnsClient(Duration.ofMillis(700));
        Record question = Record.newRecord(Name.fromString("www.second.test."), Type.A, DClass.IN);
        assertThrows(DnsTimeoutException.class, () -> shortWait.exchange(jdns.address(),
                shortWait.newQuery(question, true), Protocol.UDP));
        assertThrows(DnsClientException.class, () -> shortWait.exchange(jdns.address(),
                shortWait.newQuery(question, true), Protocol.TCP));
    }

    @Test
    void tcpOnlyTruncatesOverUdpAndAnswersOverTcp() throws Exception {
        Message overUdp = udpOnly(jdns.address(), "www.other.lab.", Type.A);
        assertTrue(overUdp.getHeader().getFlag(Flags.TC), "TC=1 over UDP");
        assertEquals(List.of(), overUdp.getSection(Section.ANSWER));

        DnsReply retried = new DnsClient().exchange(jdns.address(), new DnsClient().newQuery(
                Record.newRecord(Name.fromString("www.other.lab."), Type.A, DClass.IN), true), Protocol.UDP);
        assertEquals(Protocol.TCP, retried.transport());
        assertEquals(Map.of(new AnswerSummary.Key("www.other.lab.", "A"), Set.of("192.0.2.11")),
                AnswerSummary.of(retried.message()).rrsets());
    }

    @Test
    void localDataAnswersWithTheQuestionsNameAndNodataForOtherTypes() throws Exception {
        Message a = jdns.ask("local.example.test.", Type.A);
        assertEquals(Map.of(new AnswerSummary.Key("local.example.test.", "A"), Set.of("192.0.2.200")),
                AnswerSummary.of(a).rrsets());
        assertEquals(List.of(ExtendedErrorCodeOption.FORGED_ANSWER), errorCodes(a));
        assertEquals(Map.of(new AnswerSummary.Key("local.example.test.", "TXT"), Set.of("\"local data\"")),
                AnswerSummary.of(jdns.ask("local.example.test.", Type.TXT)).rrsets());
        Message mx = jdns.ask("local.example.test.", Type.MX);
        assertEquals(Rcode.NOERROR, mx.getRcode());
        assertEquals(List.of(), mx.getSection(Section.ANSWER));

        Message wild = jdns.ask("Some.Garden.test.", Type.A);
        assertEquals(Map.of(new AnswerSummary.Key("some.garden.test.", "A"), Set.of("192.0.2.201")),
                AnswerSummary.of(wild).rrsets(), "wildcard local data, its owner the question's name");
    }

    @Test
    void aCnameRewriteIsResolved() throws Exception {
        Message rewritten = jdns.ask("redirect.example.test.", Type.A);
        assertEquals(Map.of(new AnswerSummary.Key("redirect.example.test.", "CNAME"), Set.of("mail.example.test."),
                new AnswerSummary.Key("mail.example.test.", "A"), Set.of("192.0.2.5")),
                AnswerSummary.of(rewritten).rrsets());
        assertEquals(List.of(ExtendedErrorCodeOption.FORGED_ANSWER), errorCodes(rewritten));
    }

    @Test
    void aWildcardCnameTargetTakesTheQuestionsName() throws Exception {
        Message walled = jdns.ask("x.walled.test.", Type.A);
        assertEquals(Map.of(new AnswerSummary.Key("x.walled.test.", "CNAME"), Set.of("x.walled.test.garden.test."),
                new AnswerSummary.Key("x.walled.test.garden.test.", "A"), Set.of("192.0.2.201")),
                AnswerSummary.of(walled).rrsets(), "rewritten under garden.test., whose policy then answers");
    }

    @Test
    void thePolicyAppliesToCnameTargets() throws Exception {
        Message chain = jdns.ask("hop.example.test.", Type.A);
        assertEquals(Rcode.NXDOMAIN, chain.getRcode(), "hop -> back.other.lab, which the policy blocks");
        assertEquals(Map.of(new AnswerSummary.Key("hop.example.test.", "CNAME"), Set.of("back.other.lab.")),
                AnswerSummary.of(chain).rrsets());
        assertEquals(List.of(ExtendedErrorCodeOption.BLOCKED), errorCodes(chain));
    }

    @Test
    void theHostsFileComesBeforeThePolicy() throws Exception {
        assertEquals(Map.of(new AnswerSummary.Key("printer.home.", "A"), Set.of("192.168.1.50")),
                AnswerSummary.of(jdns.ask("printer.home.", Type.A)).rrsets());
    }

    @Test
    void namesWithoutARuleResolveAsUsual() throws Exception {
        Message mail = jdns.ask("mail.example.test.", Type.A);
        assertEquals(Map.of(new AnswerSummary.Key("mail.example.test.", "A"), Set.of("192.0.2.5")),
                AnswerSummary.of(mail).rrsets());
        assertEquals(List.of(), errorCodes(mail));
    }

    @Test
    void aChangedFileIsReadAgainAndABrokenOneKeepsTheLastGoodPolicy() throws Exception {
        Path file = Files.writeString(dir.resolve("reload.rpz"), policyBlocking("mail.example.test"));
        MovableClock clock = new MovableClock();
        try (ResolverService resolver = ResolverService.against(hierarchy, clock, "--rpz", file.toString())) {
            assertEquals(Rcode.NXDOMAIN, resolver.ask("mail.example.test.", Type.A).getRcode());
            for (int i = 0; i < 3; i++) { // cached, then a reply the front end keeps and sends again
                assertEquals(Rcode.NOERROR, resolver.ask("www.example.test.", Type.A).getRcode());
            }

            rewrite(file, policyBlocking("www.example.test"), 1);
            clock.advance(Duration.ofSeconds(1)); // the check is due: the next query sees the new file
            assertEquals(Rcode.NXDOMAIN, resolver.ask("www.example.test.", Type.A).getRcode(), "new rule, kept reply gone");
            assertEquals(Rcode.NOERROR, resolver.ask("mail.example.test.", Type.A).getRcode(), "old rule gone");

            rewrite(file, policyBlocking("mail.example.test") + "broken  IN  A  not-an-address\n", 2);
            clock.advance(Duration.ofSeconds(1));
            assertEquals(Rcode.NXDOMAIN, resolver.ask("www.example.test.", Type.A).getRcode(), "last good policy");
            assertEquals(Rcode.NOERROR, resolver.ask("mail.example.test.", Type.A).getRcode());
        }
    }

    @Test
    void aBrokenFileStopsTheStartWithFileLineAndReason() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.rpz"), POLICY + "bad.example  A  300.1.2.3\n");
        PolicyZoneException e = assertThrows(PolicyZoneException.class,
                () -> ResolverService.against(hierarchy, "--rpz", broken.toString()).close());
        int line = (int) POLICY.lines().count() + 1;
        assertTrue(e.getMessage().startsWith(broken + ":" + line + ": "), e.getMessage());

        Path cname = Files.writeString(dir.resolve("cname.rpz"), POLICY + "www.example.test  A  192.0.2.1\n");
        assertTrue(assertThrows(PolicyZoneException.class,
                () -> ResolverService.against(hierarchy, "--rpz", cname.toString()).close())
                .getMessage().contains("CNAME must be the only record"));
    }

    static String policyBlocking(String name) {
        return """
                $ORIGIN rpz.local.
                @  300  SOA  localhost. hostmaster.localhost. 1 3600 600 86400 60
                %s  300  CNAME  .
                """.formatted(name);
    }

    /** New content with a modification time {@code step} seconds ahead, whatever the file system's granularity. */
    private static void rewrite(Path file, String text, int step) throws IOException {
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10L * step)));
    }

    static List<Integer> errorCodes(Message reply) {
        OPTRecord opt = reply.getOPT();
        if (opt == null) {
            return List.of();
        }
        return opt.getOptions().stream().filter(ExtendedErrorCodeOption.class::isInstance)
                .map(option -> ((ExtendedErrorCodeOption) option).getErrorCode()).toList();
    }

    /** The reply to one UDP query, truncated or not (no retry over TCP). */
    static Message udpOnly(InetSocketAddress server, String name, int type) throws IOException {
        Message query = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
        query.getHeader().setFlag(Flags.RD);
        return udpOnly(server, query, Duration.ofSeconds(5));
    }

    /** @throws java.net.SocketTimeoutException when no reply comes within {@code timeout} */
    static Message udpOnly(InetSocketAddress server, Message query, Duration timeout) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(server.getAddress(), 0))) {
            socket.setSoTimeout((int) timeout.toMillis());
            byte[] wire = query.toWire();
            socket.send(new DatagramPacket(wire, wire.length, server));
            DatagramPacket reply = new DatagramPacket(new byte[65535], 65535);
            socket.receive(reply);
            return new Message(Arrays.copyOf(reply.getData(), reply.getLength()));
        }
    }
}
