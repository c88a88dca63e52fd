package dev.jdns.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.resolver.core.Question;
import dev.jdns.resolver.core.ReplyKind;
import dev.jdns.resolver.core.ResolutionEvent;
import dev.jdns.resolver.core.ResolutionLimits;
import dev.jdns.transport.client.ScriptedServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** Upstreams that are broken or hostile: the resolver must answer correctly, or SERVFAIL within its budget. */
class HostileUpstreamTest {

    private static final String WORKING = "192.0.2.53";
    private static final String SILENT = "192.0.2.51";
    private static final String REFUSING = "192.0.2.52";
    private static final String UPWARD = "192.0.2.54";
    private static final String POISONER = "192.0.2.66";
    private static final String FORGER = "192.0.2.77";
    private static final String LIAR = "192.0.2.78";
    private static final String CHAOS = "192.0.2.79";

    @TempDir
    Path dir;
    private SimulatedHierarchy net;

    @AfterEach
    void stop() throws IOException {
        if (net != null) {
            net.close();
        }
    }

    @Test
    void lameAndSilentServersBesideAWorkingOneDoNotStopTheAnswer() throws IOException {
        net = new SimulatedHierarchy(dir, """
                multi  NS ns1.multi
                multi  NS ns2.multi
                multi  NS ns3.multi
                multi  NS ns4.multi
                ns1.multi A %s
                ns2.multi A %s
                ns3.multi A %s
                ns4.multi A %s
                """.formatted(SILENT, REFUSING, WORKING, UPWARD));
        FakeZone multi = new FakeZone("multi.test.", "www A 203.0.113.20\n");
        net.upstreams.serve(WORKING, multi).silent(SILENT)
                .script(REFUSING, (query, raw, client, socket) -> ScriptedServer.sendUdp(socket, client,
                        withRcode(multi.answer(query), Rcode.REFUSED)), null)
                .script(UPWARD, (query, raw, client, socket) -> ScriptedServer.sendUdp(socket, client,
                        upwardReferral(query)), null);

        for (int round = 0; round < 3; round++) {
            Resolution resolution = net.ask("www.multi.test.");
            assertEquals(List.of("203.0.113.20"), IterationTest.addresses(resolution));
            net.ticker.advance(java.time.Duration.ofSeconds(301)); // expire the answer, keep the delegation
        }
        assertEquals(3, net.upstreams.queriesAt(WORKING));
    }

    @Test
    void aTruncatedUdpReplyIsRetriedOverTcpForTheLargeRRset() throws IOException {
        net = new SimulatedHierarchy(dir, "big NS ns.big\nns.big A %s\n".formatted(WORKING));
        String hundredAddresses = IntStream.range(1, 101).mapToObj(i -> "www A 198.18.0." + i + "\n")
                .collect(Collectors.joining());
        FakeZone big = new FakeZone("big.test.", hundredAddresses);
        net.upstreams.script(WORKING, (query, raw, client, socket) -> {
            Message truncated = big.answer(query);
            truncated.removeAllRecords(Section.ANSWER);
            truncated.getHeader().setFlag(org.xbill.DNS.Flags.TC);
            ScriptedServer.sendUdp(socket, client, truncated);
        }, big);

        Resolution resolution = net.ask("www.big.test.");

        assertEquals(100, IterationTest.addresses(resolution).size());
        assertTrue(net.events.stream().anyMatch(event -> event instanceof ResolutionEvent.UpstreamReply reply
                && reply.transport() == dev.jdns.transport.Protocol.TCP));
    }

    @Test
    void outOfBailiwickRecordsAreNeitherCachedNorFollowed() throws IOException {
        net = new SimulatedHierarchy(dir, "evil NS ns.evil\nns.evil A %s\n".formatted(POISONER));
        FakeZone evil = new FakeZone("evil.test.", "www A 203.0.113.66\n");
        net.upstreams.script(POISONER, (query, raw, client, socket) -> {
            Message reply = evil.answer(query);
            reply.addRecord(a("www.example.test.", "6.6.6.6"), Section.ANSWER);
            reply.addRecord(new NSRecord(name("example.test."), DClass.IN, 86400, name("ns.evil.test.")),
                    Section.AUTHORITY);
            reply.addRecord(new NSRecord(name("test."), DClass.IN, 86400, name("ns.evil.test.")), Section.AUTHORITY);
            reply.addRecord(a("ns1.example.test.", "6.6.6.6"), Section.ADDITIONAL);
            reply.addRecord(a("ns.nic.test.", "6.6.6.6"), Section.ADDITIONAL);
            ScriptedServer.sendUdp(socket, client, reply);
        }, evil);

        assertEquals(List.of("203.0.113.66"), IterationTest.addresses(net.ask("www.evil.test.")));
        Resolution victim = net.ask("www.example.test.");

        assertEquals(List.of("203.0.113.1"), IterationTest.addresses(victim));
        assertEquals(1, net.upstreams.queriesAt(SimulatedHierarchy.EXAMPLE_TEST), "asked the real server");
        assertEquals(1, net.upstreams.queriesAt(POISONER), "never asked about example.test.");
    }

    @Test
    void aForgedReplyWithAWrongIdIsIgnoredAndTheRealOneAccepted() throws IOException {
        net = new SimulatedHierarchy(dir, "forged NS ns.forged\nns.forged A %s\n".formatted(FORGER));
        FakeZone forged = new FakeZone("forged.test.", "www A 203.0.113.77\n");
        net.upstreams.script(FORGER, (query, raw, client, socket) -> {
            Message fake = forged.answer(query);
            fake.getHeader().setID(query.getHeader().getID() ^ 0x1234);
            fake.removeAllRecords(Section.ANSWER);
            fake.addRecord(a("www.forged.test.", "6.6.6.6"), Section.ANSWER);
            ScriptedServer.sendUdp(socket, client, fake);
            ScriptedServer.sendUdp(socket, client, forged.answer(query));
        }, forged);

        assertEquals(List.of("203.0.113.77"), IterationTest.addresses(net.ask("www.forged.test.")));
    }

    @Test
    void aReferralToFiftyNameServersWithoutGlueCostsAtMostTheConfiguredFetches() throws IOException {
        String fifty = IntStream.range(0, 50).mapToObj(i -> "wide NS ns" + i + ".farm.lab.\n")
                .collect(Collectors.joining());
        net = new SimulatedHierarchy(dir, fifty);

        assertEquals(Rcode.SERVFAIL, net.ask("www.wide.test.").rcode());
        int fetches = ResolutionLimits.DEFAULT_MAX_NS_FETCHES_PER_CUT;
        // Per NS name fetched, lab. denies farm.lab. (the minimised question) and then the name itself: relaxed
        // QNAME minimisation asks the full question after an NXDOMAIN (RFC 9156 §3), as Unbound and BIND do.
        assertEquals(2 * fetches, net.upstreams.queriesAt(SimulatedHierarchy.TLD_LAB),
                "two NXDOMAINs from lab. per NS name fetched");
        assertEquals(fetches, net.events.stream().filter(event -> event instanceof ResolutionEvent.GluelessLookup
                && ((ResolutionEvent.GluelessLookup) event).note().equals("no address")).count());
    }

    @Test
    void upwardAndSidewaysReferralsAreLameAndEndInServfail() throws IOException {
        net = new SimulatedHierarchy(dir, "up NS ns.up\nns.up A %s\n".formatted(UPWARD));
        net.upstreams.script(UPWARD, (query, raw, client, socket) -> ScriptedServer.sendUdp(socket, client,
                sidewaysThenUpward(query)), null);

        assertEquals(Rcode.SERVFAIL, net.ask("www.up.test.").rcode());
        assertEquals(1, net.upstreams.queriesAt(UPWARD), "a lame server is not asked again for the same question");
        assertEquals(1, net.upstreams.queriesAt(SimulatedHierarchy.TLD_TEST), "no restart from the referral's target");
    }

    @Test
    void cyclicNameServerDependenciesEndInServfailWithinTheBudget() throws IOException {
        net = new SimulatedHierarchy(dir, "cyc1 NS ns.cyc2.test.\ncyc2 NS ns.cyc1.test.\n");

        assertEquals(Rcode.SERVFAIL, net.ask("www.cyc1.test.").rcode());
        assertTrue(net.upstreams.totalQueries() <= ResolutionLimits.DEFAULT_MAX_UPSTREAM_QUERIES);
        assertTrue(net.events.stream().anyMatch(event -> event instanceof ResolutionEvent.GluelessLookup lookup
                && lookup.note().startsWith("refused")), "the cycle was detected");
    }

    @Test
    void aSmallQueryBudgetEndsAResolutionEarly() throws IOException {
        net = new SimulatedHierarchy(dir).limits(ResolutionLimits.DEFAULTS.withMaxUpstreamQueries(2));

        Resolution resolution = net.ask("www.example.test.");

        assertEquals(Rcode.SERVFAIL, resolution.rcode());
        assertEquals(2, net.upstreams.totalQueries());
        assertTrue(net.events.stream().anyMatch(event -> event instanceof ResolutionEvent.Outcome outcome
                && outcome.failure().startsWith("budget exhausted")));
    }

    /**
     * RFC 1035 §4.1.1: a Name Error means something only from an authoritative server. The zone's first server
     * (the one with glue) answers NXDOMAIN without AA; the resolver moves on to the glueless one, which answers.
     */
    @Test
    void aNonAuthoritativeNxdomainIsLameAndTheNextServerIsAsked() throws IOException {
        net = new SimulatedHierarchy(dir, "glueless 3600 NS ns.liar.glueless\nns.liar.glueless A %s\n".formatted(LIAR));
        net.upstreams.script(LIAR, nonAuthoritativeNxdomain("glueless.test."), null);

        Resolution resolution = net.ask("www.glueless.test.");

        assertEquals(Rcode.NOERROR, resolution.rcode());
        assertEquals(List.of("203.0.113.7"), IterationTest.addresses(resolution));
        assertEquals(1, net.upstreams.queriesAt(LIAR), "the liar was asked first");
    }

    @Test
    void aNonAuthoritativeNxdomainFromEveryServerIsServfailAndNeverCached() throws IOException {
        net = new SimulatedHierarchy(dir, "liar NS ns.liar\nns.liar A %s\n".formatted(LIAR));
        net.upstreams.script(LIAR, nonAuthoritativeNxdomain("liar.test."), null);

        assertEquals(Rcode.SERVFAIL, net.ask("www.liar.test.").rcode());
        Resolution fromCache = net.resolver().resolve(Question.in(name("www.liar.test."), Type.A), false);

        assertNotEquals(Rcode.NXDOMAIN, fromCache.rcode(), "a non-AA NXDOMAIN was cached");
        assertTrue(net.events.stream().anyMatch(event -> event instanceof ResolutionEvent.UpstreamReply reply
                && reply.kind() == ReplyKind.LAME && reply.rcode() == Rcode.NXDOMAIN));
    }

    /** RFC 1034 §4.2: each class is a name space of its own; CH records in an IN reply are dropped everywhere. */
    @Test
    void recordsOfAnotherClassNeverReachTheCacheOrTheClient() throws IOException {
        net = new SimulatedHierarchy(dir, "chaos NS ns.chaos\nns.chaos A %s\n".formatted(CHAOS));
        FakeZone chaos = new FakeZone("chaos.test.", "www A 203.0.113.40\n");
        net.upstreams.script(CHAOS, (query, raw, client, socket) -> {
            Message reply = chaos.answer(query);
            reply.addRecord(new ARecord(name("www.chaos.test."), DClass.CH, 86400, Upstreams.address("6.6.6.6")),
                    Section.ANSWER);
            reply.addRecord(new TXTRecord(name("www.chaos.test."), DClass.CH, 86400, "evil"), Section.ANSWER);
            reply.addRecord(new NSRecord(name("chaos.test."), DClass.CH, 86400, name("ns.evil.test.")),
                    Section.AUTHORITY);
            reply.addRecord(new ARecord(name("ns.chaos.test."), DClass.CH, 86400, Upstreams.address("6.6.6.6")),
                    Section.ADDITIONAL);
            ScriptedServer.sendUdp(socket, client, reply);
        }, chaos);

        Resolution resolution = net.ask("www.chaos.test.");
        Resolution cachedIn = net.resolver().resolve(Question.in(name("www.chaos.test."), Type.A), false);
        Resolution cachedCh = net.resolver().resolve(new Question(name("www.chaos.test."), Type.A, DClass.CH), false);

        assertEquals(List.of("203.0.113.40"), IterationTest.addresses(resolution));
        assertEquals(List.of("203.0.113.40"), IterationTest.addresses(cachedIn));
        for (Resolution served : List.of(resolution, cachedIn)) {
            Stream.of(served.answer(), served.authority(), served.additional()).flatMap(List::stream)
                    .forEach(record -> assertEquals(DClass.IN, record.getDClass(), record.toString()));
        }
        assertTrue(cachedCh.answer().isEmpty(), "a CH record was cached: " + cachedCh.answer());
    }

    /** RFC 5452 §9.2 end to end: 300 cold names under one zone, 300 queries to its server, >= 280 source ports. */
    @Test
    void threeHundredUpstreamQueriesToOneServerUseAtLeast280SourcePorts() throws IOException {
        net = new SimulatedHierarchy(dir);
        for (int i = 0; i < 300; i++) {
            assertEquals(Rcode.NXDOMAIN, net.ask("n" + i + ".example.test.").rcode());
        }

        List<Integer> ports = net.upstreams.sourcePortsAt(SimulatedHierarchy.EXAMPLE_TEST);
        // One query per name, plus the odd retry after a timeout on a loaded machine (seen: 301).
        assertTrue(ports.size() >= 300 && ports.size() <= 330, ports.size() + " upstream queries");
        assertTrue(new HashSet<>(ports).size() >= 280, new HashSet<>(ports).size() + " distinct ports");
    }

    private static Message withRcode(Message reply, int rcode) {
        reply.removeAllRecords(Section.ANSWER);
        reply.getHeader().setRcode(rcode);
        return reply;
    }

    /** What a server that does not hold {@code zone} may say: NXDOMAIN with the zone's SOA, but AA clear. */
    private static ScriptedServer.UdpScript nonAuthoritativeNxdomain(String zone) {
        FakeZone empty = new FakeZone(zone, "");
        return (query, raw, client, socket) -> {
            Message reply = empty.answer(query);
            reply.getHeader().unsetFlag(org.xbill.DNS.Flags.AA);
            ScriptedServer.sendUdp(socket, client, reply);
        };
    }

    /** "Ask the root": a referral up the tree, which a lame server sends. */
    private static Message upwardReferral(Message query) {
        Message reply = emptyReply(query);
        reply.addRecord(new NSRecord(Name.root, DClass.IN, 86400, name("a.root-servers.test.")), Section.AUTHORITY);
        return reply;
    }

    /** A referral to the zone it was asked about (sideways), with an upward one beside it. */
    private static Message sidewaysThenUpward(Message query) {
        Message reply = emptyReply(query);
        reply.addRecord(new NSRecord(name("up.test."), DClass.IN, 86400, name("ns.up.test.")), Section.AUTHORITY);
        reply.addRecord(new NSRecord(name("test."), DClass.IN, 86400, name("ns.up.test.")), Section.AUTHORITY);
        return reply;
    }

    private static Message emptyReply(Message query) {
        Message reply = new Message(query.getHeader().getID());
        reply.getHeader().setFlag(org.xbill.DNS.Flags.QR);
        reply.addRecord(query.getQuestion(), Section.QUESTION);
        return reply;
    }

    private static ARecord a(String owner, String address) {
        return new ARecord(name(owner), DClass.IN, 86400, Upstreams.address(address));
    }

    private static Name name(String text) {
        return Name.fromConstantString(text);
    }
}
