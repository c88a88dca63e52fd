package dev.jdns.authoritative;

import static dev.jdns.authoritative.DifferentialQueries.Transport.TCP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.authoritative.DifferentialQueries.Question;
import dev.jdns.authoritative.NsdDifferentialTest.ZoneStoreServer;
import dev.jdns.transport.testing.peers.Nsd;
import dev.jdns.transport.testing.peers.PeerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * NSD 4 and jdns serve the same zones signed by {@code dnssec-signzone} (algorithms 8, 13 and 15; NSEC, NSEC3,
 * NSEC3 with opt-out), and must answer every question of {@link SignedDifferentialQueries}, with and without DO,
 * as the same {@link ReplyShape} up to the documented policies of {@link NsdPolicies}. Replies without DO must
 * carry no DNSSEC record the client did not ask for by type (RFC 3225 §3, RFC 4035 §3.2.1).
 */
class SignedNsdDifferentialTest {

    private static final String NSD_HOST = "127.0.0.3";
    private static final String JDNS_HOST = "127.0.0.4";
    private static final Set<Integer> DNSSEC_TYPES =
            Set.of(Type.RRSIG, Type.NSEC, Type.NSEC3, Type.DS, Type.DNSKEY, Type.NSEC3PARAM);

    @TempDir
    Path dir;

    @Test
    void signedZonesAreAnsweredLikeNsdWithAndWithoutDo() throws Exception {
        Map<String, Path> zoneFiles = SignedZones.write(dir.resolve("zones"), SignedZones.all());
        Path nsdDir = Files.createDirectories(dir.resolve("nsd"));
        List<Question> questions = SignedDifferentialQueries.forZones(List.copyOf(zoneFiles.keySet()));
        List<String> differences = new ArrayList<>();
        Map<Question, ReplyShape> jdnsReplies = new LinkedHashMap<>();
        NsdPolicies policies;
        try (ZoneStoreServer jdns = ZoneStoreServer.start(List.copyOf(zoneFiles.values()), JDNS_HOST);
             PeerProcess nsd = Nsd.start(NSD_HOST, zoneFiles, nsdDir)) {
            policies = new NsdPolicies(zoneFiles.keySet(), (name, type) -> {
                Question question = new Question(name, type, TCP);
                return ReplyShape.of(NsdDifferentialTest.ask(nsd.address(), NsdDifferentialTest.query(question),
                        question));
            });
            for (Question question : questions) {
                Message query = NsdDifferentialTest.query(question);
                ReplyShape fromNsd = ReplyShape.of(NsdDifferentialTest.ask(nsd.address(), query, question));
                Message reply = NsdDifferentialTest.ask(jdns.address(), query, question);
                ReplyShape fromJdns = ReplyShape.of(reply);
                jdnsReplies.put(question, fromJdns);
                if (!question.transport().dnssecOk()) {
                    assertNoUnaskedDnssecRecords(question, reply);
                }
                assertNoRecordTwice(question, reply);
                if (!fromNsd.equals(fromJdns) && !policies.explains(question, fromNsd, fromJdns)) {
                    differences.add(question + "\n    nsd:  " + fromNsd + "\n    jdns: " + fromJdns);
                }
            }
        }
        int identical = questions.size() - differences.size() - policies.explainedCount();
        String summary = "signed NSD differential: " + questions.size() + " queries over " + zoneFiles.size()
                + " zones, " + identical + " identical, " + policies.explainedCount()
                + " differ only by documented policy (" + policies.describe() + ")";
        System.out.println(summary);
        Files.writeString(Path.of("target", "signed-differences.txt"), String.join("\n", differences));
        assertEquals(List.of(), differences, summary + "\n" + String.join("\n", differences));
        assertCoversEveryProof(jdnsReplies);
    }

    /** RFC 3225 §3: without DO, DNSSEC records appear only in the answer, and only as the type asked for. */
    private static void assertNoUnaskedDnssecRecords(Question question, Message reply) {
        int qtype = Type.value(question.type());
        for (int section : new int[] {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL}) {
            for (Record record : reply.getSection(section)) {
                boolean asked = section == Section.ANSWER && record.getType() == qtype;
                assertTrue(asked || !DNSSEC_TYPES.contains(record.getType()),
                        question + ": DNSSEC record without DO: " + record);
            }
        }
    }

    /** A record two proofs share (one NSEC covering both the name and the wildcard) goes in once. */
    private static void assertNoRecordTwice(Question question, Message reply) {
        for (int section : new int[] {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL}) {
            List<Record> records = reply.getSection(section);
            assertEquals(records.size(), Set.copyOf(records).size(), question + ": a record repeated in " + reply);
        }
    }

    /** A guard against zones or questions edited into blandness: each kind of signed reply was compared. */
    private static void assertCoversEveryProof(Map<Question, ReplyShape> replies) {
        Map<String, Predicate<ReplyShape>> kinds = new LinkedHashMap<>();
        kinds.put("NXDOMAIN with NSEC", r -> r.rcode().equals("NXDOMAIN") && has(r.authority(), " NSEC "));
        kinds.put("NXDOMAIN with NSEC3", r -> r.rcode().equals("NXDOMAIN") && has(r.authority(), " NSEC3 "));
        kinds.put("NODATA with NSEC3", r -> r.aa() && r.answer().isEmpty() && has(r.authority(), " NSEC3 "));
        kinds.put("wildcard answer with proof", r -> has(r.answer(), "wild") && has(r.authority(), "NSEC"));
        kinds.put("referral with DS", r -> !r.aa() && has(r.authority(), " RRSIG/DS "));
        kinds.put("referral proving no DS", r -> !r.aa() && has(r.authority(), " NS ")
                && has(r.authority(), "NSEC"));
        kinds.put("signed answer truncated", r -> r.tc() && r.opt());
        kinds.forEach((kind, test) -> assertTrue(
                replies.entrySet().stream().anyMatch(e -> e.getKey().transport().dnssecOk() && test.test(e.getValue())),
                "no " + kind + " compared"));
    }

    private static boolean has(Set<String> section, String text) {
        return section.stream().anyMatch(rrset -> rrset.contains(text));
    }
}
