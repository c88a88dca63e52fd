package dev.jdns.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.resolver.core.ReplyKind;
import dev.jdns.resolver.core.ResolutionEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/** Iteration through a simulated hierarchy: referrals, aliases across zones, negative answers, glueless NS. */
class IterationTest {

    @TempDir
    Path dir;
    private SimulatedHierarchy net;

    @BeforeEach
    void build() throws IOException {
        net = new SimulatedHierarchy(dir);
    }

    @AfterEach
    void stop() throws IOException {
        net.close();
    }

    @Test
    void followsReferralsFromTheRootThroughTheTldToTheAuthoritativeServer() throws IOException {
        Resolution resolution = net.ask("www.example.test.");

        assertEquals(Rcode.NOERROR, resolution.rcode());
        assertEquals(List.of("www.example.test. 300 IN A 203.0.113.1"), texts(resolution.answer()));
        assertEquals(List.of(". NS", "test. A"), net.upstreams.questionsAt(SimulatedHierarchy.ROOT),
                "the root is primed (RFC 9609), then asked the way down");
        assertEquals(1, net.upstreams.queriesAt(SimulatedHierarchy.TLD_TEST));
        assertEquals(1, net.upstreams.queriesAt(SimulatedHierarchy.EXAMPLE_TEST));
        List<ReplyKind> kinds = net.events.stream()
                .filter(ResolutionEvent.UpstreamReply.class::isInstance)
                .map(event -> ((ResolutionEvent.UpstreamReply) event).kind())
                .toList();
        assertEquals(List.of(ReplyKind.ANSWER, ReplyKind.REFERRAL, ReplyKind.REFERRAL, ReplyKind.ANSWER), kinds,
                "the priming answer, two referrals, the answer");
    }

    @Test
    void theSecondQueryUnderTheSameTldSkipsTheRootAndTheTld() throws IOException {
        net.ask("www.example.test.");
        Resolution second = net.ask("mail.example.test.");

        assertEquals(List.of("mail.example.test. 300 IN A 203.0.113.5"), texts(second.answer()));
        assertEquals(List.of(". NS", "test. A"), net.upstreams.questionsAt(SimulatedHierarchy.ROOT),
                "the second question asks the root nothing");
        assertEquals(1, net.upstreams.queriesAt(SimulatedHierarchy.TLD_TEST));
        assertEquals(2, net.upstreams.queriesAt(SimulatedHierarchy.EXAMPLE_TEST));
    }

    @Test
    void aCnameIntoAnotherTldIsChasedAndTheClientGetsTheWholeChain() throws IOException {
        Resolution resolution = net.ask("alias.example.test.");

        assertEquals(Rcode.NOERROR, resolution.rcode());
        assertEquals(List.of("alias.example.test. 300 IN CNAME www.other.lab.",
                "www.other.lab. 300 IN A 203.0.113.2"), texts(resolution.answer()));
        assertTrue(net.events.stream().anyMatch(event -> event instanceof ResolutionEvent.AliasRestart));
    }

    @Test
    void aCnameLoopEndsInServfail() throws IOException {
        Resolution resolution = net.ask("loop1.example.test.");

        assertEquals(Rcode.SERVFAIL, resolution.rcode());
        assertTrue(resolution.answer().isEmpty());
        // Each name of the loop is asked once: loop1 (CNAME loop2), then loop2 (CNAME loop1), whose target the
        // chain has already visited, so nothing is asked a third time.
        assertEquals(2, net.upstreams.queriesAt(SimulatedHierarchy.EXAMPLE_TEST));
    }

    @Test
    void aDnameIsSubstitutedAndTheSynthesisedCnameFollowed() throws IOException {
        Resolution resolution = net.ask("host.d.example.test.");

        assertEquals(Rcode.NOERROR, resolution.rcode());
        assertEquals(List.of("d.example.test. 300 IN DNAME other.lab.",
                "host.d.example.test. 300 IN CNAME host.other.lab.",
                "host.other.lab. 300 IN A 203.0.113.3"), texts(resolution.answer()));
    }

    @Test
    void nxdomainCarriesTheSoaWithTheNegativeTtl() throws IOException {
        Resolution resolution = net.ask("nothing.example.test.");

        assertEquals(Rcode.NXDOMAIN, resolution.rcode());
        SOARecord soa = (SOARecord) resolution.authority().get(0);
        assertEquals(60, soa.getTTL(), "min(SOA TTL 300, MINIMUM 60), RFC 2308 §5");
    }

    @Test
    void nodataIsNoerrorWithAnEmptyAnswerAndTheSoa() throws IOException {
        Resolution resolution = net.ask("txtonly.example.test.", Type.A);

        assertEquals(Rcode.NOERROR, resolution.rcode());
        assertTrue(resolution.answer().isEmpty());
        assertEquals(Type.SOA, resolution.authority().get(0).getType());
    }

    @Test
    void anNsNameWithoutGlueInAnotherTldIsResolvedFirst() throws IOException {
        Resolution resolution = net.ask("www.glueless.test.");

        assertEquals(List.of("www.glueless.test. 300 IN A 203.0.113.7"), texts(resolution.answer()));
        assertEquals(1, net.upstreams.queriesAt(SimulatedHierarchy.HOSTER_LAB), "ns.hoster.lab. looked up");
        assertEquals(1, net.upstreams.queriesAt(SimulatedHierarchy.GLUELESS_TEST));
        assertTrue(net.events.stream().anyMatch(event -> event instanceof ResolutionEvent.GluelessLookup lookup
                && lookup.nameServer().toString().equals("ns.hoster.lab.") && !lookup.addresses().isEmpty()));
    }

    @Test
    void aGluelessNameServerWithOnlyAnIpv6AddressIsFoundThroughAaaa() throws IOException {
        Resolution resolution = net.ask("www.v6only.test.");

        assertEquals(List.of("www.v6only.test. 300 IN A 203.0.113.8"), texts(resolution.answer()));
        assertEquals(1, net.upstreams.queriesAt(SimulatedHierarchy.V6ONLY_TEST));
        assertTrue(net.events.stream().anyMatch(event -> event instanceof ResolutionEvent.GluelessLookup lookup
                && lookup.nameServer().toString().equals("ns6.hoster.lab.")
                && lookup.addresses().stream().anyMatch(java.net.Inet6Address.class::isInstance)));
    }

    @Test
    void aNameInTheHostsFileIsAnsweredWithoutGoingUpstream() throws IOException {
        Resolution resolution = net.ask("myhost.local.");

        assertEquals(List.of("10.1.1.1"), addresses(resolution));
        assertEquals(0, net.upstreams.totalQueries());
    }

    @Test
    void aCnameTargetInTheHostsFileIsAnsweredFromTheHostsFile() throws IOException {
        Resolution resolution = net.ask("hosted.example.test.");

        assertEquals("hosted.example.test. 300 IN CNAME myhost.local.", resolution.answer().get(0).toString()
                .replaceAll("\\s+", " "));
        assertEquals(List.of("10.1.1.1"), addresses(resolution));
        assertTrue(net.events.stream().anyMatch(event -> event instanceof ResolutionEvent.HostsHit hit
                && hit.question().name().toString().equals("myhost.local.")));
    }

    @Test
    void theCaseOfTheQuestionDoesNotMatter() throws IOException {
        Resolution resolution = net.ask("WwW.ExAmPlE.TeSt.");

        assertEquals(List.of("203.0.113.1"), addresses(resolution));
        net.ask("www.example.test.");
        assertEquals(1, net.upstreams.queriesAt(SimulatedHierarchy.EXAMPLE_TEST), "the second one is a cache hit");
    }

    static List<String> texts(List<Record> records) {
        return records.stream().map(record -> record.toString().replaceAll("\\s+", " ")).toList();
    }

    static List<String> addresses(Resolution resolution) {
        return resolution.answer().stream().filter(record -> record.getType() == Type.A)
                .map(record -> record.rdataToString()).toList();
    }
}
