package dev.jdns.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.authoritative.LoadedZone;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.jdns.cli.dig.DigRun;
import dev.jdns.resolver.policy.ResponsePolicy;
import dev.jdns.resolver.validate.TrustAnchors;
import dev.jdns.transport.Protocol;
import dev.jdns.transport.client.DnsClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * {@code jdns lab --dnssec} over real sockets: the lab's zones signed from the root down, its resolver validating
 * from the root's DS. Every name of the zones is secure (AD); each broken zone is SERVFAIL with its Extended DNS
 * Error and answers when the client sets CD; the unsigned child of a signed parent is insecure.
 */
class SignedLabTest {

    private static final InetSocketAddress EPHEMERAL = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @TempDir
    static Path files;

    private static Topology unsigned;
    private static LabSigner.SignedLab signed;
    private static LabNetwork lab;

    private final DnsClient client = new DnsClient(Duration.ofSeconds(5));

    @BeforeAll
    static void start() throws Exception {
        unsigned = Topology.load(Checkout.zones());
        signed = LabSigner.sign(unsigned, Instant.now());
        lab = LabNetwork.start(signed.topology(), EPHEMERAL, signed.trustAnchors());
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    /**
     * Each name of the lab's own zones, once per type it owns (wildcards asked through a name they cover), is
     * validated secure; names the hosts file or the lab's policy zone answer are left out, as local data has no
     * signatures.
     */
    @Test
    void everyNameOfTheZonesIsSecure() throws Exception {
        Set<String> hostsNames = hostsFileNames(unsigned.hostsFile());
        ResponsePolicy policy = ResponsePolicy.load(unsigned.policyFile().stream().toList(),
                Ticker.systemTicker());
        List<String> insecure = new ArrayList<>();
        int asked = 0;
        for (Question question : questions(unsigned)) {
            if (hostsNames.contains(question.name().toString(true).toLowerCase())
                    || policy.match(question.name()).isPresent()) {
                continue; // local data (hosts file, the lab's policy zone): given unvalidated, as Unbound does
            }
            Message reply = ask(question.name(), question.type(), false);
            asked++;
            if (reply.getRcode() != Rcode.NOERROR || !reply.getHeader().getFlag(Flags.AD)
                    || reply.getSection(Section.ANSWER).isEmpty()) {
                insecure.add(question + ": " + Rcode.string(reply.getRcode()) + " AD="
                        + reply.getHeader().getFlag(Flags.AD) + " EDE=" + extendedError(reply).orElse(-1));
            }
        }
        assertTrue(asked > 40, "asked " + asked);
        assertEquals(List.of(), insecure);
    }

    @Test
    void eachBrokenZoneIsBogusWithItsExtendedErrorAndAnswersWithCheckingDisabled() throws Exception {
        assertEquals(List.of(DnssecCase.values()), signed.cases().stream().map(LabSigner.Case::kind).toList());
        for (LabSigner.Case broken : signed.cases()) {
            Message checked = ask(broken.probe(), Type.A, false);
            Message unchecked = ask(broken.probe(), Type.A, true);
            String what = broken.kind() + " " + broken.probe();
            assertEquals(Rcode.NOERROR, unchecked.getRcode(), what);
            assertFalse(unchecked.getSection(Section.ANSWER).isEmpty(), what);
            assertFalse(unchecked.getHeader().getFlag(Flags.AD), what);
            if (broken.kind().extendedError().isPresent()) {
                assertEquals(Rcode.SERVFAIL, checked.getRcode(), what);
                assertEquals(broken.kind().extendedError(), extendedError(checked), what);
            } else {
                assertEquals(Rcode.NOERROR, checked.getRcode(), what);
                assertFalse(checked.getHeader().getFlag(Flags.AD), what + ": insecure, no AD");
                assertEquals(unchecked.getSection(Section.ANSWER).getFirst().rdataToString(),
                        checked.getSection(Section.ANSWER).getFirst().rdataToString(), what);
            }
        }
    }

    /** The anchor beside the address map is the one the resolver trusts, in a form --trust-anchor reads. */
    @Test
    void theTrustAnchorIsWrittenBesideTheAddressMap() throws Exception {
        try (LabFiles written = LabFiles.write(signed.topology(), lab, files)) {
            assertTrue(Files.isRegularFile(written.upstreamMap()));
            assertEquals(written.upstreamMap().getParent(), written.trustAnchor().getParent());
            List<Record> anchor = TrustAnchors.load(List.of(written.trustAnchor())).rrsets().getFirst().rrs(false);
            assertEquals(signed.rootAnchor(), anchor);
            assertEquals(Name.root, anchor.getFirst().getName());
        }
    }

    /**
     * dig walking a published signed lab finds its root anchor by itself: {@code +explain +dnssec} tells the chain
     * of trust, secure for a signed name and bogus with the reason for a broken one.
     */
    @Test
    void digExplainTellsTheLabsChainOfTrustFromItsOwnAnchor() throws Exception {
        String port = Integer.toString(lab.resolverAddress().getPort());
        try (LabFiles published = LabFiles.publish(signed.topology(), lab, LabRegistry.forCurrentUser())) {
            DigRun secure = DigRun.of("@127.0.0.1", "-p", port, "+explain", "+dnssec", "shop.example.com");
            DigRun bogus = DigRun.of("@127.0.0.1", "-p", port, "+explain", "+dnssec", "www.expired.example.com");

            assertEquals(0, secure.exit(), secure.err());
            assertTrue(secure.out().contains(";; CHAIN OF TRUST (trust anchor: " + published.trustAnchor()),
                    secure.out());
            assertTrue(secure.out().contains(";; DNSSEC verdict: SECURE"), secure.out());
            assertTrue(bogus.out().contains(";; DNSSEC verdict: BOGUS (EDE 7, Signature Expired)"), bogus.out());
        }
    }

    private record Question(Name name, int type) {
        @Override
        public String toString() {
            return name + " " + Type.string(type);
        }
    }

    /** One question per owner and type of data in the zones (DNSSEC types and DS aside), wildcards expanded. */
    private static Set<Question> questions(Topology topology) throws Exception {
        Set<Question> questions = new LinkedHashSet<>();
        for (Record record : topology.allRecords()) {
            int type = record.getType();
            if (type == Type.DS || type == Type.RRSIG || type == Type.NSEC || type == Type.DNSKEY) {
                continue;
            }
            Name name = record.getName().isWild()
                    ? Name.concatenate(Name.fromString("any"), new Name(record.getName(), 1))
                    : record.getName();
            questions.add(new Question(name, type));
        }
        return questions;
    }

    private static Set<String> hostsFileNames(Path hosts) throws Exception {
        Set<String> names = new LinkedHashSet<>();
        for (String line : Files.readAllLines(hosts)) {
            String data = line.replaceAll("#.*", "").strip();
            if (!data.isEmpty()) {
                String[] fields = data.split("\\s+");
                for (int i = 1; i < fields.length; i++) {
                    names.add(fields[i].toLowerCase());
                }
            }
        }
        return names;
    }

    /**
     * The secondaries transfer the signed zones (RRSIGs and NSEC records are zone data to AXFR and IXFR): each
     * answers with its primary's signatures, and with the primary of example.com stopped, the validating resolver
     * still finds www.example.com secure, from the secondary.
     */
    @Test
    void theSecondariesServeTheSignedZonesTheyTransfer() throws Exception {
        Topology topology = signed.topology();
        try (LabNetwork own = LabNetwork.start(topology, EPHEMERAL, signed.trustAnchors())) {
            for (LoadedZone zone : topology.zones()) {
                if (topology.secondariesOf(zone).isEmpty()) {
                    continue; // the broken-on-purpose zones have one server
                }
                List<String> primary = signatures(own, topology.primaryOf(zone), zone.origin());
                assertFalse(primary.isEmpty(), zone.origin().toString());
                for (SimulatedServer secondary : topology.secondariesOf(zone)) {
                    assertEquals(primary, signatures(own, secondary, zone.origin()),
                            secondary.displayName() + " " + zone.origin());
                }
            }
            own.server("ns1.example.com").orElseThrow().stop();
            Message reply = ask(own.resolverAddress(), Name.fromConstantString("www.example.com."), Type.A, true,
                    false);
            assertEquals(Rcode.NOERROR, reply.getRcode());
            assertTrue(reply.getHeader().getFlag(Flags.AD), reply.toString());
        }
    }

    /** The RRSIGs over the zone's SOA, as {@code server} answers them (DO set). */
    private List<String> signatures(LabNetwork network, SimulatedServer server, Name origin) throws Exception {
        InetSocketAddress socket = network.server(server.displayName()).orElseThrow().localSocket();
        Message reply = ask(socket, origin, Type.SOA, false, false);
        assertEquals(Rcode.NOERROR, reply.getRcode(), server.displayName() + " " + origin);
        return reply.getSection(Section.ANSWER).stream().filter(r -> r.getType() == Type.RRSIG)
                .map(Record::rdataToString).toList();
    }

    private Message ask(Name name, int type, boolean checkingDisabled) throws Exception {
        return ask(lab.resolverAddress(), name, type, true, checkingDisabled);
    }

    private Message ask(InetSocketAddress server, Name name, int type, boolean recursive, boolean checkingDisabled)
            throws Exception {
        Message query = client.newQuery(Record.newRecord(name, type, DClass.IN), recursive);
        query.removeRecord(query.getOPT(), Section.ADDITIONAL);
        query.addRecord(new OPTRecord(1232, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
        if (checkingDisabled) {
            query.getHeader().setFlag(Flags.CD);
        }
        return client.exchange(server, query, Protocol.UDP).message();
    }

    private static Optional<Integer> extendedError(Message reply) {
        OPTRecord opt = reply.getOPT();
        if (opt == null) {
            return Optional.empty();
        }
        for (EDNSOption option : opt.getOptions()) {
            if (option instanceof ExtendedErrorCodeOption ede) {
                return Optional.of(ede.getErrorCode());
            }
        }
        return Optional.empty();
    }
}
