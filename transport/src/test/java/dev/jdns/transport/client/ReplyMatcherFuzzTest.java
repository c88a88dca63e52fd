package dev.jdns.transport.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Arbitrary bytes as the datagram that answers a fixed upstream query: {@link ReplyMatcher} never throws, and accepts
 * only a parsed reply with the query's ID, QR=1 and exactly the question asked (RFC 5452 §9.1), whose
 * records can be grouped into RRsets.
 *
 * <p>Seeds: {@code src/test/resources/dev/jdns/transport/client/ReplyMatcherFuzzTestInputs/replies/} (real replies
 * to {@code www.example.com. A}, ID 0x1234); fuzzing: see fuzz/README.md.
 */
class ReplyMatcherFuzzTest {

    private static final int ID = 0x1234;
    private static final Message QUERY = query();

    @FuzzTest
    void replies(byte[] datagram) {
        ReplyMatcher.Outcome outcome = ReplyMatcher.match(QUERY, datagram, datagram.length);
        assertNotNull(outcome.verdict());
        if (!outcome.accepted()) {
            assertNull(outcome.message(), "only an accepted reply carries a message");
            return;
        }
        Message reply = outcome.message();
        assertEquals(ID, reply.getHeader().getID());
        assertTrue(reply.getHeader().getFlag(Flags.QR));
        assertEquals(1, reply.getHeader().getCount(Section.QUESTION));
        Record question = reply.getQuestion();
        assertEquals(QUERY.getQuestion().getName(), question.getName());
        assertEquals(Type.A, question.getType());
        assertEquals(DClass.IN, question.getDClass());
        for (int section = Section.ANSWER; section <= Section.ADDITIONAL; section++) {
            reply.getSectionRRsets(section); // what the scrubber does first: it must not throw
        }
        if (datagram.length >= 2) {
            assertEquals(ReplyMatcher.Verdict.WRONG_ID,
                    ReplyMatcher.cutShort(query(ID ^ 1), datagram, datagram.length - 1).verdict());
        }
    }

    private static Message query() {
        return query(ID);
    }

    private static Message query(int id) {
        Message query = new Message(id);
        query.addRecord(Record.newRecord(Name.fromConstantString("www.example.com."), Type.A, DClass.IN),
                Section.QUESTION);
        return query;
    }
}
