package dev.jdns.transport;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.Objects;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/**
 * The socket-free core of the front end: raw request bytes in, raw replies out. It applies the rules every
 * DNS server must apply the same way (what to drop, when FORMERR, EDNS, sizing, TC) around a
 * {@link QueryHandler}, so they are tested once without sockets and shared by UDP and TCP.
 *
 * <p>Thread-safe when the handler is.
 */
public final class QueryProcessor {

    private static final System.Logger LOG = System.getLogger(QueryProcessor.class.getName());

    private final QueryHandler handler;
    /** How the handler lets us reuse its replies, and where we keep them; both null when it does not. */
    private final ReplyReuse reuse;
    private final PacketCache replies;

    /**
     * Where a reusable reply to one request is kept: its key and the handler's answer generation. Found once per
     * request by {@link #reuseSlot}, looked up with {@link #kept}, and on a miss handed to {@link #processUncached},
     * which keeps the handler's reply there.
     */
    record ReuseSlot(ReuseKey key, Object generation) {}

    /** @param replyCacheBytes bound on the bytes of replies kept for reuse (when the handler allows reuse) */
    public QueryProcessor(QueryHandler handler, long replyCacheBytes) {
        this.handler = Objects.requireNonNull(handler, "handler");
        this.reuse = handler.replyReuse();
        this.replies = reuse != null ? new PacketCache(PacketCache.DEFAULT_SLOTS, replyCacheBytes) : null;
    }

    public QueryProcessor(QueryHandler handler) {
        this(handler, ServerOptions.DEFAULT_REPLY_CACHE_BYTES);
    }

    /**
     * Processes one request and sends zero, one or (a zone transfer over TCP) several replies to {@code sink}.
     * Never throws for bad input or a failing handler; only the sink's own I/O errors come out.
     */
    public void process(byte[] request, InetSocketAddress client, Protocol protocol, ReplySink sink)
            throws IOException {
        ReuseSlot slot = reuseSlot(request, client, protocol);
        byte[] kept = kept(slot, request);
        if (kept != null) {
            sink.send(kept);
            return;
        }
        processUncached(request, client, protocol, sink, slot);
    }

    /**
     * Where this request's reply is kept for reuse (see {@link PacketCache}), or null when it cannot be: the
     * handler allows no reuse now or for this client, or the request has no {@link ReuseKey}. Cheap and never
     * blocks, so a receiver can look a reply up before handing the query to a thread of its own.
     */
    ReuseSlot reuseSlot(byte[] request, InetSocketAddress client, Protocol protocol) {
        if (replies == null || !WireHeader.isComplete(request) || WireHeader.isResponse(request)) {
            return null;
        }
        Object generation = reuse.generation();
        if (generation == null || !reuse.mayServe(client)) {
            return null;
        }
        ReuseKey key = ReuseKey.of(request, protocol);
        return key == null ? null : new ReuseSlot(key, generation);
    }

    /** The reply kept in {@code slot}, patched for {@code request}, ready to send; null when none (or no slot). */
    byte[] kept(ReuseSlot slot, byte[] request) {
        return slot == null ? null : replies.reply(slot.key(), slot.generation(), request, reuse.nanoTime());
    }

    /**
     * The full path, for a request whose reply was not kept: {@code slot} is where {@link #reuseSlot} said to keep
     * the handler's reply (null: nowhere).
     */
    void processUncached(byte[] request, InetSocketAddress client, Protocol protocol, ReplySink sink, ReuseSlot slot)
            throws IOException {
        // RFC 1035 §4.1.1: without a whole header there is no ID to answer; never answer a response.
        if (!WireHeader.isComplete(request) || WireHeader.isResponse(request)) {
            return;
        }
        Message query = parse(request);
        if (query == null || QueryChecks.isMalformed(query)) {
            // Header-only FORMERR in every case: echoing a question we judged malformed helps nobody.
            sink.send(WireHeader.formErr(request));
            return;
        }
        Query parsed = new Query(query, client, protocol);
        OPTRecord queryOpt = query.getOPT();
        if (queryOpt != null && queryOpt.getVersion() > Edns.VERSION) {
            // RFC 6891 §6.1.3: BADVERS, with an OPT carrying the version we do speak; no handler involved.
            sink.send(renderOrServFail(parsed, badVersion(query)));
            return;
        }
        respond(parsed, callHandler(parsed), sink, slot);
    }

    private static Message parse(byte[] request) {
        try {
            return new Message(request);
        } catch (Exception unparseable) {
            // Any failure at all (IOException, or a runtime exception from a record's rdata) is FORMERR.
            return null;
        }
    }

    private Response callHandler(Query query) {
        try {
            Response response = handler.handle(query);
            if (response == null) {
                LOG.log(Level.WARNING, "handler returned null for {0} from {1}", query.question(), query.client());
                return servFail(query);
            }
            return response;
        } catch (Exception failure) {
            LOG.log(Level.WARNING, "handler failed for " + query.question() + " from " + query.client(), failure);
            return servFail(query);
        }
    }

    private void respond(Query query, Response response, ReplySink sink, ReuseSlot slot) throws IOException {
        switch (response) {
            case Response.Single single -> sink.send(renderOrServFail(query, single.message(),
                    single.reuse() != Response.Reuse.NEVER ? slot : null, single.reuse()));
            case Response.Stream stream -> stream(query, stream.messages(), sink);
            case Response.Drop drop -> { }
        }
    }

    /** RFC 5936 §2.2: several messages on one TCP connection; over UDP a stream is a handler bug. */
    private void stream(Query query, Iterator<Message> messages, ReplySink sink) throws IOException {
        if (query.protocol() != Protocol.TCP) {
            LOG.log(Level.WARNING, "handler streamed a reply over UDP for {0} from {1}", query.question(),
                    query.client());
            respond(query, servFail(query), sink, null);
            return;
        }
        try {
            while (messages.hasNext()) {
                sink.send(renderOrServFail(query, messages.next()));
            }
        } catch (RuntimeException failure) {
            // A transfer cannot be taken back; end it with SERVFAIL, which makes the client discard it.
            LOG.log(Level.WARNING, "reply stream failed for " + query.question() + " to " + query.client(), failure);
            respond(query, servFail(query), sink, null);
        }
    }

    private byte[] renderOrServFail(Query query, Message reply) {
        return renderOrServFail(query, reply, null, Response.Reuse.NEVER);
    }

    /** Renders {@code reply}, and keeps it for reuse when {@code slot} is not null. */
    private byte[] renderOrServFail(Query query, Message reply, ReuseSlot slot, Response.Reuse how) {
        OPTRecord queryOpt = query.message().getOPT();
        try {
            byte[] wire = ReplyRenderer.render(reply, queryOpt, Edns.replyLimit(queryOpt, query.protocol()));
            if (slot != null) {
                replies.store(slot.key(), slot.generation(), wire, how == Response.Reuse.COUNTING_DOWN,
                        reuse.nanoTime());
            }
            return wire;
        } catch (RuntimeException failure) {
            LOG.log(Level.WARNING, "cannot render the reply to " + query.question() + " for " + query.client(),
                    failure);
            Message servFail = Replies.error(query.message(), Rcode.SERVFAIL);
            return ReplyRenderer.render(servFail, queryOpt, Edns.replyLimit(queryOpt, query.protocol()));
        }
    }

    /**
     * BADVERS (16) does not fit the header's 4 bits: the upper bits travel in an OPT, as a handler would
     * send an extended rcode; {@link ReplyRenderer} moves them into our OPT (version 0).
     */
    private static Message badVersion(Message query) {
        Message reply = Replies.replyTo(query);
        reply.getHeader().setRcode(Rcode.BADVERS & 0xF);
        reply.addRecord(new OPTRecord(0, Rcode.BADVERS >>> 4, Edns.VERSION), Section.ADDITIONAL);
        return reply;
    }

    private static Response servFail(Query query) {
        return Response.of(Replies.error(query.message(), Rcode.SERVFAIL));
    }
}
