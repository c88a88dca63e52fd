package dev.jdns.resolver.validate;

import dev.jdns.resolver.Resolution;
import dev.jdns.resolver.Resolver;
import dev.jdns.resolver.core.Question;
import dev.jdns.resolver.core.ResolutionObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;

/**
 * jdns's iterator seen as a dnsjava {@link org.xbill.DNS.Resolver}: the "head" dnsjava's validator asks, for the
 * client's question and for the DS and DNSKEY sets of every zone on the way down. Each question goes through the
 * whole non-validating pipeline (cache, iteration, alias chase) with its DNSSEC records kept, so keys and proofs
 * come from the same cache as the data and are fetched upstream only once per TTL. This is Unbound's
 * validator-over-iterator shape; the call runs on the caller's thread (the pipeline blocks, on a virtual thread).
 */
final class IteratorHead implements org.xbill.DNS.Resolver {

    private final Resolver pipeline;

    IteratorHead(Resolver pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public CompletionStage<Message> sendAsync(Message query, Executor executor) {
        try {
            Resolution resolution = pipeline.resolve(Question.of(query.getQuestion()), true,
                    ResolutionObserver.NONE, true);
            return CompletableFuture.completedFuture(toMessage(query, resolution));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletionStage<Message> sendAsync(Message query) {
        return sendAsync(query, Runnable::run);
    }

    static Message toMessage(Message query, Resolution resolution) {
        Message reply = new Message(query.getHeader().getID());
        reply.getHeader().setFlag(Flags.QR);
        reply.getHeader().setFlag(Flags.RD);
        reply.getHeader().setFlag(Flags.RA);
        reply.getHeader().setRcode(resolution.rcode());
        reply.addRecord(query.getQuestion(), Section.QUESTION);
        add(reply, resolution.answer(), Section.ANSWER);
        add(reply, resolution.authority(), Section.AUTHORITY);
        add(reply, resolution.additional(), Section.ADDITIONAL);
        return reply;
    }

    private static void add(Message reply, List<Record> records, int section) {
        records.forEach(record -> reply.addRecord(record, section));
    }

    // Transport settings mean nothing here: the pipeline has its own upstream client and limits.

    @Override
    public void setPort(int port) {}

    @Override
    public void setTCP(boolean flag) {}

    @Override
    public void setIgnoreTruncation(boolean flag) {}

    @Override
    public void setEDNS(int version, int payloadSize, int flags, List<EDNSOption> options) {}

    @Override
    public void setTSIGKey(TSIG key) {}

    @Override
    public void setTimeout(Duration timeout) {}

    @Override
    public Duration getTimeout() {
        return Duration.ofSeconds(5);
    }
}
