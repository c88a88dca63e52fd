package dev.jdns.transport;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/** Handlers for front-end tests: answers of a chosen size, and a counter of how often they were called. */
final class Handlers {

    private Handlers() {}

    /** Answers every query with {@code count} distinct A records at the question name (one RRset). */
    static QueryHandler answersWithARecords(int count) {
        return query -> Response.of(withARecords(query.message(), count));
    }

    static Message withARecords(Message query, int count) {
        Message reply = Replies.replyTo(query);
        Record question = query.getQuestion();
        for (int i = 0; i < count; i++) {
            reply.addRecord(new ARecord(question.getName(), DClass.IN, 300, address(i)), Section.ANSWER);
        }
        return reply;
    }

    /**
     * Answers every query with {@code count} one-record RRsets at distinct names below the question name,
     * so dnsjava can truncate between them and a reply fills its size limit almost exactly.
     */
    static QueryHandler answersWithRRsets(int count) {
        return query -> {
            Message reply = Replies.replyTo(query.message());
            Name owner = query.question().getName();
            for (int i = 0; i < count; i++) {
                Name name = below(owner, "r" + i);
                reply.addRecord(new ARecord(name, DClass.IN, 300, address(i)), Section.ANSWER);
            }
            return Response.of(reply);
        };
    }

    static Name below(Name parent, String label) {
        try {
            return Name.concatenate(Name.fromConstantString(label), parent);
        } catch (NameTooLongException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** 10.0.x.y for index x*256+y: distinct addresses for distinct indexes. */
    static InetAddress address(int index) {
        try {
            return InetAddress.getByAddress(new byte[] {10, 0, (byte) (index >>> 8), (byte) index});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Wraps a handler and counts its calls, to prove the front end did or did not consult it. */
    static final class Counting implements QueryHandler {
        private final QueryHandler delegate;
        private final AtomicInteger calls = new AtomicInteger();

        Counting(QueryHandler delegate) {
            this.delegate = delegate;
        }

        @Override
        public Response handle(Query query) {
            calls.incrementAndGet();
            return delegate.handle(query);
        }

        int calls() {
            return calls.get();
        }
    }
}
