package dev.jdns.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.testing.TestQueries;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** RFC 9471 §3: TC when in-domain glue of a referral does not fit; not for other lost additional data. */
class GlueTruncationTest {

    private static final Name CHILD = TestQueries.name("child.example");
    private static final Name ELSEWHERE = TestQueries.name("other.net");
    private static final int SERVERS = 8;
    private static final Message QUERY = TestQueries.query("www.child.example", Type.A);

    @Test
    void referralLosingInDomainGlueIsTruncated() {
        Message reply = send(referral(CHILD, false), QUERY, true);
        assertTrue(reply.getHeader().getFlag(Flags.TC));
        assertEquals(SERVERS, reply.getSection(Section.AUTHORITY).size(), "the NS RRset itself fits");
        assertTrue(reply.getSection(Section.ADDITIONAL).size() < 2 * SERVERS, "some glue was left out");
    }

    @Test
    void referralWithRoomForAllGlueIsNotTruncated() {
        Message reply = send(referral(CHILD, false), TestQueries.ednsQuery("www.child.example", Type.A, 1232), true);
        assertFalse(reply.getHeader().getFlag(Flags.TC));
        assertEquals(2 * SERVERS + 1, reply.getSection(Section.ADDITIONAL).size(), "all glue and the OPT");
    }

    @Test
    void losingGlueForOutOfDomainServersIsNotTruncation() {
        Message reply = send(referral(ELSEWHERE, false), QUERY, true);
        assertFalse(reply.getHeader().getFlag(Flags.TC), "those addresses can be looked up elsewhere");
        assertTrue(reply.getSection(Section.ADDITIONAL).size() < 2 * SERVERS);
    }

    @Test
    void authoritativeReplyLosingAdditionalDataIsNotTruncation() {
        Message reply = send(referral(CHILD, true), QUERY, false);
        assertFalse(reply.getHeader().getFlag(Flags.TC), "not a referral: additional data is optional");
    }

    /** @param referral what the handler says of its reply: a referral that needs its in-domain glue */
    private static Message send(Message handlerReply, Message query, boolean referral) {
        handlerReply.getHeader().setID(query.getHeader().getID());
        Response response = new Response.Single(handlerReply, Response.Reuse.NEVER, referral);
        return Processing.onlyReply(q -> response, query, Protocol.UDP);
    }

    /** A delegation of child.example to SERVERS name servers under {@code serverDomain}, with A and AAAA glue. */
    private static Message referral(Name serverDomain, boolean authoritative) {
        Message reply = Replies.replyTo(QUERY);
        if (authoritative) {
            reply.getHeader().setFlag(Flags.AA);
        }
        for (int i = 0; i < SERVERS; i++) {
            Name server = Handlers.below(serverDomain, "ns" + i);
            reply.addRecord(new NSRecord(CHILD, DClass.IN, 3600, server), Section.AUTHORITY);
            reply.addRecord(new ARecord(server, DClass.IN, 3600, Handlers.address(i)), Section.ADDITIONAL);
            reply.addRecord(new AAAARecord(server, DClass.IN, 3600, ipv6(i)), Section.ADDITIONAL);
        }
        return reply;
    }

    private static InetAddress ipv6(int index) {
        byte[] address = new byte[16];
        address[0] = 0x20;
        address[1] = 0x01;
        address[15] = (byte) index;
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
