package dev.jdns.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.jdns.transport.testing.TestQueries;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * How rate limiting groups replies, read from their wire bytes: the kind, and the name that identifies the key
 * (compared through the name's hash, so compression and case do not matter).
 */
class ReplyCategoryTest {

    private static final Name ZONE = Name.fromConstantString("example.com.");

    @Test
    void answersCountPerQuestionNameAndType() {
        ReplyCategory a = ReplyCategory.of(answer("www.example.com", Type.A));
        assertEquals(ReplyCategory.Kind.ANSWER, a.kind());
        assertEquals(Type.A, a.qtype());
        assertEquals(hashOf("www.example.com"), nameHash(answer("WWW.example.com", Type.A), a), "any case");
        assertNotEquals(hashOf("www.example.com"), nameHash(answer("mail.example.com", Type.A), a));
    }

    @Test
    void nxdomainAndNodataCountPerZoneWhateverTheName() {
        byte[] first = negative("r1.example.com", Rcode.NXDOMAIN);
        byte[] second = negative("x.r2.example.com", Rcode.NXDOMAIN);
        ReplyCategory category = ReplyCategory.of(first);
        assertEquals(ReplyCategory.Kind.NXDOMAIN, category.kind());
        assertEquals(nameHash(first, category), nameHash(second, ReplyCategory.of(second)));
        assertEquals(hashOf("example.com"), nameHash(first, category), "the zone's name");
        assertEquals(ReplyCategory.Kind.NODATA, ReplyCategory.of(negative("www.example.com", Rcode.NOERROR)).kind());
    }

    @Test
    void referralsCountPerDelegationAndErrorsPerNetworkAlone() {
        Message referral = Replies.replyTo(TestQueries.query("a.b.sub.example.com", Type.A));
        referral.addRecord(new NSRecord(Name.fromConstantString("sub.example.com."), DClass.IN, 300,
                Name.fromConstantString("ns.sub.example.com.")), Section.AUTHORITY);
        byte[] wire = referral.toWire();
        ReplyCategory category = ReplyCategory.of(wire);
        assertEquals(ReplyCategory.Kind.REFERRAL, category.kind());
        assertEquals(hashOf("sub.example.com"), nameHash(wire, category), "the NS owner, not the question");
        Message refused = Replies.error(TestQueries.query("anything.example.org", Type.A), Rcode.REFUSED);
        ReplyCategory error = ReplyCategory.of(refused.toWire());
        assertEquals(ReplyCategory.Kind.ERROR, error.kind());
        assertEquals(-1, error.nameOffset());
        assertEquals(ReplyCategory.Kind.ERROR, ReplyCategory.of(WireHeader.formErr(new byte[12])).kind());
    }

    private static long nameHash(byte[] wire, ReplyCategory category) {
        return WireNames.hash(wire, category.nameOffset(), 0);
    }

    /** The hash of {@code name} written out in full (a question at offset 12). */
    private static long hashOf(String name) {
        return WireNames.hash(TestQueries.query(name, Type.A).toWire(), 12, 0);
    }

    private static byte[] answer(String name, int type) {
        return Handlers.withARecords(TestQueries.query(name, type), 1).toWire();
    }

    private static byte[] negative(String name, int rcode) {
        Message reply = Replies.replyTo(TestQueries.query(name, Type.A));
        reply.getHeader().setRcode(rcode);
        reply.getHeader().setFlag(Flags.AA);
        reply.addRecord(new SOARecord(ZONE, DClass.IN, 300, Name.fromConstantString("ns.example.com."),
                Name.fromConstantString("hostmaster.example.com."), 1, 3600, 600, 86400, 300), Section.AUTHORITY);
        return reply.toWire();
    }
}
