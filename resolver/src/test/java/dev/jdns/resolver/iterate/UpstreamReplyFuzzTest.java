package dev.jdns.resolver.iterate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jdns.resolver.core.Question;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Arbitrary bytes as an upstream server's reply to {@code www.example.com. A}, asked of the servers of the root,
 * of {@code com.} and of {@code example.com.}: whatever dnsjava parses goes through {@link Scrubber} and
 * {@link ReplyClassifier} as {@code ZoneQuerier} sends it, and nothing throws; what the scrubber keeps is inside the
 * zone's bailiwick, of the question's class, and of the types each section may hold; the kind agrees with it,
 * for a reply from a zone's server (a negative answer needs AA) and from a forwarder.
 *
 * <p>Seeds: {@code src/test/resources/dev/jdns/resolver/iterate/UpstreamReplyFuzzTestInputs/replies/}; fuzzing: see
 * fuzz/README.md.
 */
class UpstreamReplyFuzzTest {

    private static final Question QUESTION = Question.in(Name.fromConstantString("www.example.com."), Type.A);
    private static final List<Name> ZONES = List.of(Name.root, Name.fromConstantString("com."),
            Name.fromConstantString("example.com."));
    private final Scrubber scrubber = new Scrubber();
    private final ReplyClassifier classifier = new ReplyClassifier();

    @FuzzTest
    void replies(byte[] datagram) {
        Message reply = asTheClientAccepts(datagram);
        if (reply == null) {
            return;
        }
        for (Name zone : ZONES) {
            ScrubbedReply scrubbed = scrubber.scrub(reply, QUESTION, zone);
            checkScrubbed(scrubbed, zone);
            for (ServerRole sender : ServerRole.values()) {
                checkKind(classifier.classify(scrubbed, QUESTION, sender), scrubbed, sender);
            }
        }
    }

    /**
     * The message, or null when the client would not hand it over (its ReplyMatcher: it does not parse, a record
     * cannot be encoded again, or it is no reply to a standard query: dnsjava reads the sections of an UPDATE
     * message as prerequisites and updates, with records of no rdata, which a query's reply never holds).
     */
    private static Message asTheClientAccepts(byte[] datagram) {
        try {
            Message reply = new Message(datagram);
            if (!reply.getHeader().getFlag(Flags.QR) || reply.getHeader().getOpcode() != Opcode.QUERY) {
                return null;
            }
            for (int section = Section.ANSWER; section <= Section.ADDITIONAL; section++) {
                for (Record record : reply.getSection(section)) {
                    record.rdataToWireCanonical();
                }
            }
            return reply;
        } catch (IOException | RuntimeException malformed) {
            return null;
        }
    }

    private static void checkScrubbed(ScrubbedReply scrubbed, Name zone) {
        Set<Name> nsTargets = new HashSet<>();
        for (RRset rrset : scrubbed.authority()) {
            assertTrue(rrset.getType() == Type.NS || rrset.getType() == Type.SOA, "authority type " + rrset);
            if (rrset.getType() == Type.NS) {
                nsTargets.addAll(ScrubbedReply.nsTargets(rrset));
            }
        }
        for (RRset rrset : scrubbed.additional()) {
            assertTrue(rrset.getType() == Type.A || rrset.getType() == Type.AAAA, "additional type " + rrset);
            assertTrue(nsTargets.contains(rrset.getName()), "glue for no kept NS " + rrset);
        }
        for (List<RRset> section : List.of(scrubbed.answer(), scrubbed.authority(), scrubbed.additional())) {
            for (RRset rrset : section) {
                assertTrue(rrset.getName().subdomain(zone), "out of the bailiwick of " + zone + ": " + rrset);
                assertEquals(QUESTION.dclass(), rrset.getDClass(), "class of " + rrset);
            }
        }
    }

    private static void checkKind(ReplyOutcome outcome, ScrubbedReply scrubbed, ServerRole sender) {
        switch (outcome) {
            case ReplyOutcome.Answer answer ->
                    assertTrue(scrubbed.answerRRset(QUESTION.name(), QUESTION.type()).isPresent());
            case ReplyOutcome.Alias alias ->
                    assertTrue(scrubbed.answerRRset(QUESTION.name(), Type.CNAME).isPresent());
            case ReplyOutcome.Dname dname ->
                    assertTrue(QUESTION.name().subdomain(dname.dname().getName()), "DNAME above the name");
            case ReplyOutcome.Referral referral -> assertTrue(scrubbed.delegationBelowZone().isPresent());
            case ReplyOutcome.NxDomain nx ->
                    assertTrue(sender.vouchesForNegative(scrubbed), "a negative answer without AA");
            case ReplyOutcome.NoData noData ->
                    assertTrue(sender.vouchesForNegative(scrubbed), "a negative answer without AA");
            case ReplyOutcome.TryNext tryNext -> { }
        }
    }
}
