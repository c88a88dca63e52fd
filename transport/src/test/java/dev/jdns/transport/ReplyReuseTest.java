package dev.jdns.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The front end's packet cache: a reply the handler marks reusable is sent again for the same question (any ID,
 * any case) without calling the handler, patched for the request, until the handler's answer generation changes;
 * requests that differ in anything else, or are not of the plain shape, go to the handler.
 */
class ReplyReuseTest {

    /** Answers one A record (the name as asked) and counts its calls; reusable unless told otherwise. */
    private static final class ReusingHandler implements QueryHandler {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicReference<Object> generation = new AtomicReference<>(new Object());
        volatile boolean reusable = true;

        @Override
        public Response handle(Query query) {
            calls.incrementAndGet();
            Message reply = Handlers.withARecords(query.message(), 1);
            reply.getHeader().setFlag(Flags.AA);
            return reusable ? Response.reusable(reply) : Response.of(reply);
        }

        @Override
        public Object answerGeneration() {
            return generation.get();
        }
    }

    private final ReusingHandler handler = new ReusingHandler();
    private final QueryProcessor processor = new QueryProcessor(handler);

    @Test
    void sameQuestionAnotherIdAndCaseReusesTheReplyPatched() throws Exception {
        byte[] first = send(query("www.Example.com.", 1), Protocol.UDP);
        byte[] second = send(query("WWW.example.COM.", 2), Protocol.UDP);

        assertEquals(1, handler.calls.get());
        Message reply = new Message(second);
        assertEquals(2, reply.getHeader().getID());
        assertEquals("WWW.example.COM.", reply.getQuestion().getName().toString());
        assertEquals("WWW.example.COM.", reply.getSection(Section.ANSWER).getFirst().getName().toString());
        // Apart from the ID and the question name's case, the bytes are those of the first reply.
        byte[] fresh = Processing.onlyReply(handler, query("WWW.example.COM.", 2).toWire(), Protocol.UDP);
        assertArrayEquals(fresh, second);
        assertEquals(new Message(first).getSection(Section.ANSWER), reply.getSection(Section.ANSWER));
    }

    @Test
    void newGenerationAsksTheHandlerAgain() throws Exception {
        send(query("a.example.", 1), Protocol.UDP);
        handler.generation.set(new Object());
        send(query("a.example.", 2), Protocol.UDP);
        send(query("a.example.", 3), Protocol.UDP);
        assertEquals(2, handler.calls.get());
    }

    @Test
    void repliesNotMarkedReusableAreNeverReused() throws Exception {
        handler.reusable = false;
        send(query("a.example.", 1), Protocol.UDP);
        send(query("a.example.", 2), Protocol.UDP);
        assertEquals(2, handler.calls.get());
    }

    @Test
    void handlersWithoutGenerationGetNoReuse() throws Exception {
        Handlers.Counting counting = new Handlers.Counting(query -> Response.reusable(Replies.replyTo(query.message())));
        QueryProcessor plain = new QueryProcessor(counting);
        for (int id = 1; id <= 2; id++) {
            plain.process(query("a.example.", id).toWire(), Processing.CLIENT, Protocol.UDP, reply -> { });
        }
        assertEquals(2, counting.calls());
    }

    @Test
    void flagsEdnsAndTransportEachHaveTheirOwnReply() throws Exception {
        Message plain = query("a.example.", 1);
        Message noRecursion = query("a.example.", 2);
        noRecursion.getHeader().unsetFlag(Flags.RD);
        Message edns = query("a.example.", 3);
        edns.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
        Message smallEdns = query("a.example.", 4);
        smallEdns.addRecord(new OPTRecord(600, 0, 0), Section.ADDITIONAL);
        Message dnssecOk = query("a.example.", 5);
        dnssecOk.addRecord(new OPTRecord(1232, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
        for (Message m : List.of(plain, noRecursion, edns, smallEdns, dnssecOk)) {
            send(m, Protocol.UDP);
        }
        send(plain, Protocol.TCP);
        assertEquals(6, handler.calls.get());

        Message again = new Message(send(noRecursion, Protocol.UDP));
        assertEquals(6, handler.calls.get());
        assertFalse(again.getHeader().getFlag(Flags.RD));
    }

    @Test
    void queriesWithEdnsOptionsAlwaysReachTheHandler() throws Exception {
        Message withOption = query("a.example.", 1);
        withOption.addRecord(new OPTRecord(1232, 0, 0, 0,
                List.of(new ClientSubnetOption(24, InetAddress.getByName("192.0.2.0")))), Section.ADDITIONAL);
        send(withOption, Protocol.UDP);
        send(withOption, Protocol.UDP);
        assertEquals(2, handler.calls.get());
    }

    @Test
    void onlyThePlainShapeHasAKey() throws Exception {
        byte[] plain = query("a.example.", 1).toWire();
        assertNotNull(ReuseKey.of(plain, Protocol.UDP));
        assertNull(ReuseKey.of(Arrays.copyOf(plain, plain.length + 1), Protocol.UDP), "trailing octet");
        assertNull(ReuseKey.of(Arrays.copyOf(plain, plain.length - 1), Protocol.UDP), "cut short");

        byte[] pointer = plain.clone();
        pointer[12] = (byte) 0xC0; // a compression pointer where the question name starts
        assertNull(ReuseKey.of(pointer, Protocol.UDP));

        Message notify = query("a.example.", 1);
        notify.getHeader().setOpcode(Opcode.NOTIFY);
        assertNull(ReuseKey.of(notify.toWire(), Protocol.UDP));

        Message twoQuestions = query("a.example.", 1);
        twoQuestions.addRecord(Record.newRecord(Name.fromString("b.example."), Type.A, DClass.IN), Section.QUESTION);
        assertNull(ReuseKey.of(twoQuestions.toWire(), Protocol.UDP));

        assertEquals(ReuseKey.of(query("A.EXAMPLE.", 9).toWire(), Protocol.UDP), ReuseKey.of(plain, Protocol.UDP));
    }

    @Test
    void theCacheKeepsNothingBeyondItsSlots() {
        PacketCache cache = new PacketCache(4);
        List<ReuseKey> keys = new ArrayList<>();
        Object generation = new Object();
        for (int i = 0; i < 64; i++) {
            byte[] request = query("n" + i + ".example.", i).toWire();
            ReuseKey key = ReuseKey.of(request, Protocol.UDP);
            keys.add(key);
            cache.store(key, generation, Processing.onlyReply(Handlers.answersWithARecords(1), request, Protocol.UDP));
        }
        long kept = keys.stream()
                .filter(key -> cache.reply(key, generation, new byte[64]) != null)
                .count();
        assertTrue(kept <= 4, "kept " + kept);
    }

    private byte[] send(Message query, Protocol protocol) throws IOException {
        List<byte[]> sent = new ArrayList<>();
        processor.process(query.toWire(), Processing.CLIENT, protocol, sent::add);
        assertEquals(1, sent.size());
        return sent.getFirst();
    }

    private static Message query(String name, int id) {
        try {
            Message query = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN));
            query.getHeader().setID(id);
            return query;
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
