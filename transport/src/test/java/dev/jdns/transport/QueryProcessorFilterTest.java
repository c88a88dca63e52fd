package dev.jdns.transport;

import static dev.jdns.transport.Processing.onlyReply;
import static dev.jdns.transport.Processing.replies;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.testing.LoopbackClient;
import dev.jdns.transport.testing.TestQueries;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** What the front end drops or answers itself, before any handler: RFC 1035 §4.1, RFC 6891 §6.1. */
class QueryProcessorFilterTest {

    private final Handlers.Counting handler = new Handlers.Counting(Handlers.answersWithARecords(1));

    @Test
    void dropsPacketsShorterThanAHeader() {
        byte[] good = TestQueries.query("example.com", Type.A).toWire();
        assertTrue(replies(handler, Arrays.copyOf(good, 11), Protocol.UDP).isEmpty());
        assertTrue(replies(handler, new byte[0], Protocol.TCP).isEmpty());
        assertEquals(0, handler.calls());
    }

    @Test
    void neverAnswersAResponse() {
        Message response = TestQueries.query("example.com", Type.A);
        response.getHeader().setFlag(Flags.QR);
        assertTrue(replies(handler, response.toWire(), Protocol.UDP).isEmpty());
        byte[] garbageResponse = {1, 2, (byte) 0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 9};
        assertTrue(replies(handler, garbageResponse, Protocol.UDP).isEmpty());
        assertEquals(0, handler.calls());
    }

    @Test
    void unparseablePacketGetsFormErrFromTheRawHeader() {
        // ID 0x1234, opcode STATUS (2), RD set, QDCOUNT 1 but nothing follows the header.
        byte[] request = {0x12, 0x34, (byte) (Opcode.STATUS << 3 | 0x01), 0, 0, 1, 0, 0, 0, 0, 0, 0};
        byte[] reply = onlyReply(handler, request, Protocol.UDP);
        byte[] expected = {0x12, 0x34, (byte) (0x80 | Opcode.STATUS << 3 | 0x01), Rcode.FORMERR, 0, 0, 0, 0, 0, 0, 0, 0};
        assertArrayEquals(expected, reply);
        assertEquals(0, handler.calls());
    }

    @Test
    void compressionPointerLoopIsFormErr() {
        // The question name is a pointer to itself (offset 12).
        byte[] request = {0, 7, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0xC0, 12, 0, 1, 0, 1};
        assertFormErr(onlyReply(handler, request, Protocol.UDP), 7);
    }

    @Test
    void noQuestionIsFormErr() {
        Message empty = new Message(42);
        assertTrue(QueryChecks.isMalformed(LoopbackClient.parse(empty.toWire())));
        assertFormErr(onlyReply(handler, empty.toWire(), Protocol.UDP), 42);
    }

    @Test
    void twoQuestionsAreFormErr() {
        Message query = TestQueries.query("example.com", Type.A);
        query.addRecord(TestQueries.query("example.org", Type.A).getQuestion(), Section.QUESTION);
        assertTrue(QueryChecks.isMalformed(LoopbackClient.parse(query.toWire())));
        assertFormErr(onlyReply(handler, query.toWire(), Protocol.TCP), query.getHeader().getID());
    }

    @Test
    void questionForTheOptPseudoTypeIsFormErr() {
        Message query = TestQueries.query("example.com", Type.OPT);
        assertFormErr(onlyReply(handler, query.toWire(), Protocol.UDP), query.getHeader().getID());
    }

    @Test
    void twoOptRecordsAreFormErr() {
        byte[] withOpt = TestQueries.ednsQuery("example.com", Type.A, 1232).toWire();
        byte[] twice = Arrays.copyOf(withOpt, withOpt.length + 11);
        System.arraycopy(withOpt, withOpt.length - 11, twice, withOpt.length, 11);
        twice[11] = 2; // ARCOUNT
        assertTrue(QueryChecks.isMalformed(LoopbackClient.parse(twice)), "dnsjava parses it; the rule is ours");
        assertFormErr(onlyReply(handler, twice, Protocol.UDP), idOf(twice));
    }

    @Test
    void optOutsideTheAdditionalSectionIsFormErr() {
        Message query = TestQueries.query("example.com", Type.A);
        query.addRecord(new OPTRecord(1232, 0, 0), Section.AUTHORITY);
        assertTrue(QueryChecks.isMalformed(LoopbackClient.parse(query.toWire())), "dnsjava parses it");
        assertFormErr(onlyReply(handler, query.toWire(), Protocol.UDP), query.getHeader().getID());
    }

    @Test
    void optOwnedByANameOtherThanTheRootIsFormErr() {
        byte[] withOpt = TestQueries.ednsQuery("example.com", Type.A, 1232).toWire();
        int ownerAt = withOpt.length - 11;
        byte[] renamed = new byte[withOpt.length + 2];
        System.arraycopy(withOpt, 0, renamed, 0, ownerAt);
        renamed[ownerAt] = 1;
        renamed[ownerAt + 1] = 'a';
        System.arraycopy(withOpt, ownerAt + 1, renamed, ownerAt + 3, 10);
        assertTrue(QueryChecks.isMalformed(LoopbackClient.parse(renamed)), "dnsjava parses it");
        assertFormErr(onlyReply(handler, renamed, Protocol.UDP), idOf(renamed));
    }

    @Test
    void ednsVersionAboveZeroGetsBadVersWithoutCallingTheHandler() {
        Message query = TestQueries.withOpt(TestQueries.query("example.com", Type.A), 4096, 1, true);
        Message reply = Processing.onlyReply(handler, query, Protocol.UDP);
        assertEquals(Rcode.BADVERS, reply.getRcode());
        OPTRecord opt = reply.getOPT();
        assertNotNull(opt, "BADVERS travels in an OPT");
        assertEquals(0, opt.getVersion());
        assertEquals(ExtendedFlags.DO, opt.getFlags() & ExtendedFlags.DO, "DO copied (RFC 3225)");
        assertEquals(query.getHeader().getID(), reply.getHeader().getID());
        assertEquals(query.getQuestion(), reply.getQuestion());
        assertEquals(0, handler.calls());
    }

    @Test
    void handlerStillAnswersAfterBadInput() {
        onlyReply(handler, new byte[] {0, 7, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0xC0, 12, 0, 1, 0, 1}, Protocol.UDP);
        Message reply = Processing.onlyReply(handler, TestQueries.query("example.com", Type.A), Protocol.UDP);
        assertEquals(Rcode.NOERROR, reply.getRcode());
        assertEquals(1, handler.calls());
    }

    private void assertFormErr(byte[] reply, int id) {
        Message parsed = LoopbackClient.parse(reply);
        assertEquals(Rcode.FORMERR, parsed.getRcode());
        assertEquals(id, parsed.getHeader().getID());
        assertTrue(parsed.getHeader().getFlag(Flags.QR));
        for (int section = Section.QUESTION; section <= Section.ADDITIONAL; section++) {
            assertEquals(0, parsed.getHeader().getCount(section), "section " + section + " is empty");
        }
        assertEquals(0, handler.calls(), "the handler never sees a malformed query");
    }

    private static int idOf(byte[] wire) {
        return ((wire[0] & 0xFF) << 8) | (wire[1] & 0xFF);
    }
}
