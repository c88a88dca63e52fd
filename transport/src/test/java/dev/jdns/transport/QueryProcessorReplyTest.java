package dev.jdns.transport;

import static dev.jdns.transport.Processing.replies;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.testing.LoopbackClient;
import dev.jdns.transport.testing.TestQueries;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** What the front end does with the handler's answer: errors, OPT, extended rcodes, streams, sizes. */
class QueryProcessorReplyTest {

    private static final Message QUERY = TestQueries.query("Www.ExAmple.COM", Type.A);

    @Test
    void handlerExceptionBecomesServFail() {
        Message reply = Processing.onlyReply(query -> {
            throw new IllegalStateException("boom");
        }, QUERY, Protocol.UDP);
        assertEquals(Rcode.SERVFAIL, reply.getRcode());
        assertEquals(QUERY.getHeader().getID(), reply.getHeader().getID());
        assertEquals(QUERY.getQuestion(), reply.getQuestion());
    }

    @Test
    void nullResponseBecomesServFail() {
        assertEquals(Rcode.SERVFAIL, Processing.onlyReply(query -> null, QUERY, Protocol.TCP).getRcode());
    }

    @Test
    void questionIsEchoedExactlyCaseIncluded() {
        byte[] request = QUERY.toWire();
        byte[] reply = Processing.onlyReply(Handlers.answersWithARecords(1), request, Protocol.UDP);
        int questionLength = "Www.ExAmple.COM".length() + 2 + 4;
        for (int i = 12; i < 12 + questionLength; i++) {
            assertEquals(request[i], reply[i], "question octet " + i);
        }
    }

    @Test
    void noOptInQueryMeansNoOptInReplyEvenIfTheHandlerAddsOne() {
        QueryHandler addsOpt = query -> {
            Message reply = Handlers.withARecords(query.message(), 1);
            reply.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
            return Response.of(reply);
        };
        assertNull(Processing.onlyReply(addsOpt, QUERY, Protocol.UDP).getOPT(), "RFC 6891 §7");
    }

    @Test
    void optInQueryGetsOurOptWithDoCopied() {
        for (boolean dnssecOk : new boolean[] {true, false}) {
            Message query = TestQueries.withOpt(TestQueries.query("example.com", Type.A), 4096, 0, dnssecOk);
            OPTRecord opt = Processing.onlyReply(Handlers.answersWithARecords(1), query, Protocol.UDP).getOPT();
            assertNotNull(opt);
            assertEquals(Edns.OUR_UDP_PAYLOAD, opt.getPayloadSize());
            assertEquals(0, opt.getVersion());
            assertEquals(dnssecOk, (opt.getFlags() & ExtendedFlags.DO) != 0, "DO copied (RFC 3225 §3)");
        }
    }

    @Test
    void extendedRcodeAndOptionsFromTheHandlerReachTheClient() {
        QueryHandler badCookie = query -> {
            Message reply = Replies.replyTo(query.message());
            reply.getHeader().setRcode(Rcode.BADCOOKIE & 0xF);
            ExtendedErrorCodeOption ede = new ExtendedErrorCodeOption(ExtendedErrorCodeOption.PROHIBITED, "no");
            reply.addRecord(new OPTRecord(512, Rcode.BADCOOKIE >>> 4, 0, 0, List.of(ede)), Section.ADDITIONAL);
            return Response.of(reply);
        };
        Message ednsReply = Processing.onlyReply(badCookie, TestQueries.ednsQuery("a.test", Type.A, 1232), Protocol.UDP);
        assertEquals(Rcode.BADCOOKIE, ednsReply.getRcode());
        assertEquals(Edns.OUR_UDP_PAYLOAD, ednsReply.getOPT().getPayloadSize());
        assertEquals(1, ednsReply.getOPT().getOptions(EDNSOption.Code.EDNS_EXTENDED_ERROR).size());

        Message plainReply = Processing.onlyReply(badCookie, TestQueries.query("a.test", Type.A), Protocol.UDP);
        assertEquals(Rcode.SERVFAIL, plainReply.getRcode(), "an extended rcode cannot be sent without EDNS");
    }

    @Test
    void handlerMessageIsNotModified() {
        Message shared = Handlers.withARecords(QUERY, 3);
        int additionalBefore = shared.getHeader().getCount(Section.ADDITIONAL);
        Processing.onlyReply(query -> Response.of(shared), TestQueries.ednsQuery("Www.ExAmple.COM", Type.A, 1232),
                Protocol.UDP);
        assertEquals(additionalBefore, shared.getHeader().getCount(Section.ADDITIONAL));
        assertNull(shared.getOPT());
    }

    @Test
    void dropSendsNothing() {
        assertTrue(replies(query -> Response.drop(), QUERY.toWire(), Protocol.UDP).isEmpty());
    }

    @Test
    void streamOverTcpSendsEveryMessageInOrder() {
        QueryHandler transfer = query -> new Response.Stream(Stream.of(1, 2, 3)
                .map(count -> Handlers.withARecords(query.message(), count)).iterator());
        List<byte[]> sent = replies(transfer, QUERY.toWire(), Protocol.TCP);
        assertEquals(3, sent.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(i + 1, LoopbackClient.parse(sent.get(i)).getSection(Section.ANSWER).size());
        }
    }

    @Test
    void streamOverUdpIsAHandlerBugAnsweredWithServFail() {
        QueryHandler transfer = query -> new Response.Stream(List.of(Replies.replyTo(query.message())).iterator());
        assertEquals(Rcode.SERVFAIL, Processing.onlyReply(transfer, QUERY, Protocol.UDP).getRcode());
    }

    @Test
    void streamThatFailsMidwayEndsWithServFail() {
        QueryHandler broken = query -> new Response.Stream(new Iterator<>() {
            private boolean sentFirst;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Message next() {
                if (sentFirst) {
                    throw new IllegalStateException("zone vanished");
                }
                sentFirst = true;
                return Handlers.withARecords(query.message(), 1);
            }
        });
        List<byte[]> sent = replies(broken, QUERY.toWire(), Protocol.TCP);
        assertEquals(2, sent.size());
        assertEquals(Rcode.NOERROR, LoopbackClient.parse(sent.get(0)).getRcode());
        assertEquals(Rcode.SERVFAIL, LoopbackClient.parse(sent.get(1)).getRcode());
    }

    /** Payload -1 means no EDNS; the answer is about 2 KB in one-record RRsets. */
    @ParameterizedTest(name = "{0} with payload {1} -> at most {2} octets")
    @CsvSource({"UDP, -1, 512", "UDP, 100, 512", "UDP, 512, 512", "UDP, 1232, 1232", "UDP, 1400, 1232",
        "UDP, 4096, 1232", "TCP, -1, 65535", "TCP, 4096, 65535"})
    void replyIsSizedForTheTransportAndTruncatedWithTc(Protocol protocol, int payload, int limit) {
        Message query = payload < 0 ? QUERY : TestQueries.ednsQuery("Www.ExAmple.COM", Type.A, payload);
        int records = 100;
        byte[] wire = Processing.onlyReply(Handlers.answersWithRRsets(records), query.toWire(), protocol);
        Message reply = LoopbackClient.parse(wire);
        assertTrue(wire.length <= limit, wire.length + " <= " + limit);
        boolean truncated = reply.getHeader().getFlag(Flags.TC);
        int answers = reply.getSection(Section.ANSWER).size();
        assertEquals(answers < records, truncated, "TC set exactly when records were left out");
        if (truncated) {
            int largestRecord = 30;
            assertTrue(wire.length > limit - largestRecord, "the limit is used, not just 512: " + wire.length);
        }
        assertEquals(payload >= 0, reply.getOPT() != null);
    }

    @ParameterizedTest(name = "client payload {0} -> UDP limit {1}")
    @CsvSource({"0, 512", "511, 512", "700, 700", "1232, 1232", "65535, 1232"})
    void udpLimitIsTheClientPayloadBetween512AndOurs(int payload, int limit) {
        assertEquals(limit, Edns.replyLimit(new OPTRecord(payload, 0, 0), Protocol.UDP), "RFC 6891 §6.2.5");
    }
}
