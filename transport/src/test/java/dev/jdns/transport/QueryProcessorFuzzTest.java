package dev.jdns.transport;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Arbitrary bytes as a query through the path a datagram takes ({@link FrontEndFuzzing}), behind a handler whose
 * replies are reused, so the hand-written wire readers ({@link WireHeader}, {@link ReuseKey},
 * {@link WireTtls}, {@link PacketCache}) see every input. Each input goes in three times: as it came, again with
 * another ID a few seconds later (the packet cache's patched, counted-down copy) and over TCP.
 *
 * <p>Seeds: {@code src/test/resources/dev/jdns/transport/QueryProcessorFuzzTestInputs/queries/}; fuzzing: see
 * fuzz/README.md.
 */
class QueryProcessorFuzzTest {

    private static final long TTL = 300;

    /** Answers a CNAME and an A record below it: names a reply compresses onto the question, and TTLs to count. */
    private static final class AnsweringHandler implements QueryHandler, ReplyReuse {
        private final Object generation = new Object();
        long nanos = TimeUnit.SECONDS.toNanos(1_000);

        @Override
        public Response handle(Query query) {
            Message reply = Replies.replyTo(query.message());
            Record question = query.question();
            Name target = below(question.getName());
            reply.addRecord(new CNAMERecord(question.getName(), DClass.IN, TTL, target), Section.ANSWER);
            reply.addRecord(new ARecord(target, DClass.IN, TTL - 1, Handlers.address(7)), Section.ANSWER);
            return Response.reusable(reply, Response.Reuse.agingFor(TTL));
        }

        @Override
        public ReplyReuse replyReuse() {
            return this;
        }

        @Override
        public Object generation() {
            return generation;
        }

        @Override
        public long nanoTime() {
            return nanos;
        }

        private static Name below(Name name) {
            try {
                return Name.concatenate(Name.fromConstantString("target"), name);
            } catch (NameTooLongException e) {
                return Name.root;
            }
        }
    }

    @FuzzTest
    void queries(byte[] request) {
        AnsweringHandler handler = new AnsweringHandler();
        QueryProcessor processor = new QueryProcessor(handler);
        FrontEndFuzzing.checkUdp(processor, request);
        handler.nanos += TimeUnit.SECONDS.toNanos(7);
        FrontEndFuzzing.checkUdp(processor, FrontEndFuzzing.withOtherId(request));
        FrontEndFuzzing.checkTcp(processor, request);
    }
}
