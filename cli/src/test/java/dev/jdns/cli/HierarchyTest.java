package dev.jdns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * {@code jdns resolver}, built from its command line, resolving through a hierarchy of real {@code jdns serve}
 * instances and one NSD on loopback ({@link LoopbackHierarchy}), asked over UDP and TCP like any stub would.
 */
class HierarchyTest {

    @TempDir
    static Path dir;

    static LoopbackHierarchy hierarchy;
    static ResolverService resolver;

    @BeforeAll
    static void start() throws Exception {
        hierarchy = LoopbackHierarchy.start(dir);
        resolver = ResolverService.against(hierarchy);
    }

    @AfterAll
    static void stop() {
        if (resolver != null) {
            resolver.close();
        }
        if (hierarchy != null) {
            hierarchy.close();
        }
    }

    @Test
    void aNameIsResolvedFromTheRootDownWithRecursionAvailable() throws Exception {
        Message reply = resolver.ask("www.example.test.", Type.A);

        assertEquals(Rcode.NOERROR, reply.getRcode());
        assertTrue(reply.getHeader().getFlag(Flags.RA));
        assertTrue(reply.getHeader().getFlag(Flags.RD));
        assertEquals(Set.of("192.0.2.1", "192.0.2.2"), rdata(reply, Type.A));
    }

    @Test
    void aCnameChainCrossesBothTldsAndComesBackWhole() throws Exception {
        Message reply = resolver.ask("hop.example.test.", Type.A);

        assertEquals(Rcode.NOERROR, reply.getRcode());
        assertEquals(List.of("hop.example.test.", "back.other.lab.", "mail.example.test."), owners(reply));
        assertEquals(Set.of("192.0.2.5"), rdata(reply, Type.A));
        Message viaNsd = resolver.ask("alias.example.test.", Type.A);
        assertEquals(Set.of("192.0.2.11"), rdata(viaNsd, Type.A));
    }

    @Test
    void aCnameLoopAcrossZonesIsServfail() throws Exception {
        assertEquals(Rcode.SERVFAIL, resolver.ask("loop.example.test.", Type.A).getRcode());
    }

    @Test
    void nxdomainAndNodataComeWithTheSoaOfTheZoneThatSaysSo() throws Exception {
        Message nx = resolver.ask("nope.example.test.", Type.A);
        Message noTld = resolver.ask("www.nosuchtld.", Type.A);
        Message noData = resolver.ask("www.example.test.", Type.AAAA);
        Message nxAtChainEnd = resolver.ask("tomissing.example.test.", Type.A);

        assertEquals(Rcode.NXDOMAIN, nx.getRcode());
        assertEquals(Name.fromConstantString("example.test."), soaOwner(nx));
        assertEquals(Rcode.NXDOMAIN, noTld.getRcode());
        assertEquals(Name.root, soaOwner(noTld));
        assertEquals(Rcode.NOERROR, noData.getRcode());
        assertTrue(noData.getSection(Section.ANSWER).isEmpty());
        assertEquals(Name.fromConstantString("example.test."), soaOwner(noData));
        assertEquals(Rcode.NXDOMAIN, nxAtChainEnd.getRcode()); // RFC 6604 §2: the rcode of the last name
        assertEquals(Name.fromConstantString("other.lab."), soaOwner(nxAtChainEnd));
    }

    @Test
    void aGluelessNameServerInTheOtherTldIsLookedUp() throws Exception {
        Message reply = resolver.ask("www.glueless.test.", Type.A);

        assertEquals(Rcode.NOERROR, reply.getRcode());
        assertEquals(Set.of("192.0.2.13"), rdata(reply, Type.A));
    }

    @Test
    void aLameAndASilentServerBesideAWorkingOneStillGiveTheAnswer() throws Exception {
        Message reply = resolver.ask("www.shaky.test.", Type.A);

        assertEquals(Rcode.NOERROR, reply.getRcode());
        assertEquals(Set.of("192.0.2.16"), rdata(reply, Type.A));
    }

    @Test
    void aZoneWhoseOnlyServersAreLameOrSilentIsServfailAfterAskingBoth() throws Exception {
        int lameBefore = hierarchy.udpQueriesAt(HierarchyZones.LAME);
        int silentBefore = hierarchy.udpQueriesAt(HierarchyZones.SILENT_DEADEND);

        assertEquals(Rcode.SERVFAIL, resolver.ask("www.deadend.test.", Type.A).getRcode());
        assertTrue(hierarchy.udpQueriesAt(HierarchyZones.LAME) > lameBefore);
        assertTrue(hierarchy.udpQueriesAt(HierarchyZones.SILENT_DEADEND) > silentBefore);
    }

    @Test
    void aLargeRrsetIsFetchedOverTcpAndDeliveredWhole() throws Exception {
        int tcpBefore = hierarchy.tcpQueriesAt(HierarchyZones.EXAMPLE_TEST);

        Message reply = resolver.ask("big.example.test.", Type.TXT);

        assertEquals(Rcode.NOERROR, reply.getRcode());
        assertEquals(HierarchyZones.BIG_TXT_RECORDS, reply.getSection(Section.ANSWER).size());
        assertTrue(hierarchy.tcpQueriesAt(HierarchyZones.EXAMPLE_TEST) > tcpBefore, "upstream retried over TCP");
    }

    @Test
    void mixedCaseQuestionsAreAnsweredAndEchoedAsAsked() throws Exception {
        Message reply = resolver.ask("mIxEdCaSe.ExAmPlE.tEsT.", Type.A);

        assertEquals(Rcode.NOERROR, reply.getRcode());
        assertEquals("mIxEdCaSe.ExAmPlE.tEsT.", reply.getQuestion().getName().toString());
        assertEquals(Set.of("192.0.2.9"), rdata(reply, Type.A));
    }

    @Test
    void hostsFileNamesWinAndACnameIntoTheHostsFileEndsThere() throws Exception {
        Message printer = resolver.ask("printer.home.", Type.A);
        Message nasV6 = resolver.ask("nas.home.", Type.AAAA);
        Message nasMx = resolver.ask("nas.home.", Type.MX);
        Message shadowed = resolver.ask("www.shadow.test.", Type.A);
        Message chain = resolver.ask("tohosts.example.test.", Type.A);

        assertEquals(Set.of("192.168.1.50"), rdata(printer, Type.A));
        assertEquals(Set.of("fd00:0:0:0:0:0:0:51"), rdata(nasV6, Type.AAAA));
        assertEquals(Rcode.NOERROR, nasMx.getRcode());
        assertTrue(nasMx.getSection(Section.ANSWER).isEmpty(), "NODATA at a name the hosts file owns");
        assertEquals(Set.of("192.168.1.52"), rdata(shadowed, Type.A));
        assertEquals(List.of("tohosts.example.test.", "printer.home."), owners(chain));
        assertEquals("printer.home.",
                ((CNAMERecord) chain.getSection(Section.ANSWER).getFirst()).getTarget().toString());
    }

    @Test
    void theSecondQueryUnderTheSameTldSkipsTheRoot() throws Exception {
        try (ResolverService fresh = ResolverService.against(hierarchy)) {
            int rootBefore = hierarchy.udpQueriesAt(HierarchyZones.ROOT);
            int tldBefore = hierarchy.udpQueriesAt(HierarchyZones.TLD_TEST);

            assertEquals(Rcode.NOERROR, fresh.ask("www.example.test.", Type.A).getRcode());
            int rootAfterFirst = hierarchy.udpQueriesAt(HierarchyZones.ROOT);
            assertEquals(Rcode.NOERROR, fresh.ask("www.second.test.", Type.A).getRcode());

            assertEquals(rootBefore + 2, rootAfterFirst, "the first query primes the root (RFC 9609) and starts there");
            assertEquals(rootAfterFirst, hierarchy.udpQueriesAt(HierarchyZones.ROOT), "the second does not");
            assertEquals(tldBefore + 2, hierarchy.udpQueriesAt(HierarchyZones.TLD_TEST));
        }
    }

    @Test
    void aServerInADoNotQueryBlockIsNeverAsked() throws Exception {
        String exampleServer = hierarchy.address(HierarchyZones.EXAMPLE_TEST).getHostAddress();
        try (ResolverService fenced = ResolverService.against(hierarchy, "--do-not-query", exampleServer + "/32")) {
            int before = hierarchy.udpQueriesAt(HierarchyZones.EXAMPLE_TEST);

            assertEquals(Rcode.SERVFAIL, fenced.ask("mail.example.test.", Type.A).getRcode());
            assertEquals(Rcode.NOERROR, fenced.ask("www.second.test.", Type.A).getRcode());

            assertEquals(before, hierarchy.udpQueriesAt(HierarchyZones.EXAMPLE_TEST));
        }
    }

    @Test
    void aWildcardAnswersNamesNeverSeenBefore() throws Exception {
        Message reply = resolver.ask("anything.wild.example.test.", Type.A);

        assertEquals(Set.of("192.0.2.77"), rdata(reply, Type.A));
        assertEquals("anything.wild.example.test.", owners(reply).getFirst());
    }

    static Set<String> rdata(Message reply, int type) {
        return reply.getSection(Section.ANSWER).stream()
                .filter(record -> record.getType() == type)
                .map(Record::rdataToString)
                .collect(Collectors.toSet());
    }

    static List<String> owners(Message reply) {
        return reply.getSection(Section.ANSWER).stream()
                .map(record -> record.getName().toString().toLowerCase(java.util.Locale.ROOT))
                .distinct()
                .toList();
    }

    private static Name soaOwner(Message reply) {
        return reply.getSection(Section.AUTHORITY).stream()
                .filter(record -> record.getType() == Type.SOA)
                .map(Record::getName)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no SOA in " + reply));
    }
}
