package dev.jdns.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSIDOption;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The front end's packet cache: a reply the handler marks reusable is sent again for the same question (any ID,
 * any case) without calling the handler, patched for the request (TTLs too, for cached data), until the handler's
 * answer generation changes or the TTLs run out;
 * requests that differ in anything else, or are not of the plain shape, go to the handler.
 */
class ReplyReuseTest {

    /** Answers one A record (the name as asked) and counts its calls; reusable unless told otherwise. */
    private static final class ReusingHandler implements QueryHandler, ReplyReuse {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicReference<Object> generation = new AtomicReference<>(new Object());
        final AtomicLong clock = new AtomicLong(1_000_000_000L);
        volatile Response.Reuse reuse = Response.Reuse.AS_IS;
        volatile boolean mayServe = true;
        volatile long ttl = 300;

        @Override
        public Response handle(Query query) {
            calls.incrementAndGet();
            Message reply = Replies.replyTo(query.message());
            reply.addRecord(new ARecord(query.question().getName(), DClass.IN, ttl, Handlers.address(0)),
                    Section.ANSWER);
            return Response.reusable(reply, reuse);
        }

        @Override
        public ReplyReuse replyReuse() {
            return this;
        }

        @Override
        public Object generation() {
            return generation.get();
        }

        @Override
        public boolean mayServe(InetSocketAddress client) {
            return mayServe;
        }

        @Override
        public long nanoTime() {
            return clock.get();
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
        handler.reuse = Response.Reuse.NEVER;
        send(query("a.example.", 1), Protocol.UDP);
        send(query("a.example.", 2), Protocol.UDP);
        assertEquals(2, handler.calls.get());
    }

    @Test
    void handlersWithoutGenerationGetNoReuse() throws Exception {
        Handlers.Counting counting = new Handlers.Counting(
                query -> Response.reusable(Replies.replyTo(query.message()), Response.Reuse.AS_IS));
        QueryProcessor plain = new QueryProcessor(counting);
        for (int id = 1; id <= 2; id++) {
            plain.process(query("a.example.", id).toWire(), Processing.CLIENT, Protocol.UDP, reply -> { });
        }
        assertEquals(2, counting.calls());
    }

    @Test
    void cachedDataHasItsTtlsCountedDownUntilTheyRunOut() throws Exception {
        handler.reuse = new Response.Reuse.Aging(Long.MAX_VALUE);
        handler.ttl = 10;
        send(query("a.example.", 1), Protocol.UDP);
        handler.clock.addAndGet(3_500_000_000L);
        Message later = new Message(send(query("a.example.", 2), Protocol.UDP));
        assertEquals(1, handler.calls.get());
        assertEquals(7, later.getSection(Section.ANSWER).getFirst().getTTL());

        handler.clock.addAndGet(6_500_000_000L); // 10 s after the reply was made: the TTL has run out
        send(query("a.example.", 3), Protocol.UDP);
        assertEquals(2, handler.calls.get());
    }

    @Test
    void anAgingReplyIsNotReusedPastTheHandlersBound() throws Exception {
        handler.reuse = new Response.Reuse.Aging(4);
        handler.ttl = 10;
        send(query("a.example.", 1), Protocol.UDP);
        handler.clock.addAndGet(3_500_000_000L);
        send(query("a.example.", 2), Protocol.UDP);
        assertEquals(1, handler.calls.get());

        handler.clock.addAndGet(500_000_000L); // 4 s: the handler's bound, though the TTL has 6 s left
        send(query("a.example.", 3), Protocol.UDP);
        assertEquals(2, handler.calls.get());
    }

    @Test
    void aZeroTtlIsNeverReused() throws Exception {
        handler.reuse = new Response.Reuse.Aging(Long.MAX_VALUE);
        handler.ttl = 0;
        send(query("a.example.", 1), Protocol.UDP);
        send(query("a.example.", 2), Protocol.UDP);
        assertEquals(2, handler.calls.get());
    }

    @Test
    void clientsTheHandlerWouldNotServeNeverGetAReusedReply() throws Exception {
        send(query("a.example.", 1), Protocol.UDP);
        handler.mayServe = false;
        send(query("a.example.", 2), Protocol.UDP);
        assertEquals(2, handler.calls.get());
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
    void aCookieOfEightOrTwentyFourOctetsAloneInTheOptIsLeftOutOfTheKey() {
        byte[] client = {1, 2, 3, 4, 5, 6, 7, 8};
        byte[] otherClient = {8, 7, 6, 5, 4, 3, 2, 1};
        ReuseKey clientOnly = ReuseKey.of(withOptions(List.of(new CookieOption(client))), Protocol.UDP);
        assertEquals(8, clientOnly.cookieLength());
        assertEquals(clientOnly, ReuseKey.of(withOptions(List.of(new CookieOption(otherClient))), Protocol.UDP));
        ReuseKey full = ReuseKey.of(withOptions(List.of(new CookieOption(client, new byte[16]))), Protocol.UDP);
        assertEquals(24, full.cookieLength());
        assertNotEquals(clientOnly, full, "the lengths are in the key: the two are kept apart");
        assertNotEquals(clientOnly, ReuseKey.of(withOptions(List.of()), Protocol.UDP));
        assertNull(ReuseKey.of(withOptions(List.of(new CookieOption(client, new byte[8]))), Protocol.UDP),
                "not an RFC 9018 cookie: the full path");
        assertNull(ReuseKey.of(withOptions(List.of(new CookieOption(client), new NSIDOption(new byte[0]))), Protocol.UDP));
    }

    private static byte[] withOptions(List<EDNSOption> options) {
        Message query = query("a.example.", 1);
        query.addRecord(new OPTRecord(1232, 0, 0, 0, options), Section.ADDITIONAL);
        return query.toWire();
    }

    @Test
    void theCacheKeepsNothingBeyondItsSlots() {
        PacketCache cache = new PacketCache(4, Long.MAX_VALUE);
        List<ReuseKey> keys = new ArrayList<>();
        Object generation = new Object();
        for (int i = 0; i < 64; i++) {
            byte[] request = query("n" + i + ".example.", i).toWire();
            ReuseKey key = ReuseKey.of(request, Protocol.UDP);
            keys.add(key);
            cache.store(key, generation, Processing.onlyReply(Handlers.answersWithARecords(1), request, Protocol.UDP),
                    Response.Reuse.AS_IS, 0, null);
        }
        long kept = keys.stream()
                .filter(key -> cache.reply(key, generation, new byte[64], 0) != null)
                .count();
        assertTrue(kept <= 4, "kept " + kept);
    }

    @Test
    void theCacheKeepsNoMoreBytesThanItsBound() {
        byte[] sample = Processing.onlyReply(Handlers.answersWithARecords(8), query("x.example.", 1).toWire(),
                Protocol.UDP);
        long bound = 10L * (sample.length + PacketCache.ENTRY_OVERHEAD);
        PacketCache cache = new PacketCache(PacketCache.DEFAULT_SLOTS, bound);
        Object generation = new Object();
        long kept = 0;
        for (int i = 0; i < 1000; i++) {
            byte[] request = query("n" + i + ".example.", i).toWire();
            ReuseKey key = ReuseKey.of(request, Protocol.UDP);
            cache.store(key, generation, Processing.onlyReply(Handlers.answersWithARecords(8), request, Protocol.UDP),
                    Response.Reuse.AS_IS, 0, null);
            assertTrue(cache.bytes() <= bound, "held " + cache.bytes() + " bytes after " + (i + 1) + " replies");
            kept += cache.reply(key, generation, request, 0) != null ? 1 : 0;
        }
        assertTrue(kept >= 5, "the bound leaves room for replies: kept " + kept);
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
