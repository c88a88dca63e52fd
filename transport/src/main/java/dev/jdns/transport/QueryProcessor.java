package dev.jdns.transport;

import dev.jdns.transport.cookie.ServerCookies;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.EDNSOption;
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
    /** DNS cookies (RFC 7873) of this server, or null when it ignores them as a server without cookies does. */
    private final ServerCookies cookies;
    /** Set before the server's threads start (they see it through Thread.start), never after. */
    private ServerMetrics metrics = ServerMetrics.NONE;

    /**
     * @param replyCacheBytes bound on the bytes of replies kept for reuse (when the handler allows reuse)
     * @param cookies         how this server answers COOKIE options, or null to ignore them
     */
    public QueryProcessor(QueryHandler handler, long replyCacheBytes, ServerCookies cookies) {
        this.handler = Objects.requireNonNull(handler, "handler");
        this.reuse = handler.replyReuse();
        this.replies = reuse != null ? new PacketCache(PacketCache.DEFAULT_SLOTS, replyCacheBytes) : null;
        this.cookies = cookies;
    }

    public QueryProcessor(QueryHandler handler, long replyCacheBytes) {
        this(handler, replyCacheBytes, null);
    }

    public QueryProcessor(QueryHandler handler) {
        this(handler, ServerOptions.DEFAULT_REPLY_CACHE_BYTES);
    }

    /** Counts malformed requests and what the handler turns away into {@code serverMetrics}; call before serving. */
    void metrics(ServerMetrics serverMetrics) {
        this.metrics = Objects.requireNonNull(serverMetrics, "serverMetrics");
    }

    /**
     * Processes one request and sends zero, one or (a zone transfer over TCP) several replies to {@code sink}.
     * Never throws for bad input or a failing handler; only the sink's own I/O errors come out.
     */
    public void process(byte[] request, InetSocketAddress client, Protocol protocol, ReplySink sink)
            throws IOException {
        Pending pending = receive(request, client, protocol, sink);
        if (pending != null) {
            pending.process(sink);
        }
    }

    /**
     * The front end's one entry point: sends the kept reply to {@code request} to {@code sink} when there is one
     * (see {@link PacketCache}) and returns null; else returns the rest of the work, which the caller runs on this
     * thread or hands to another. Cheap and never blocks up to that point, so a receiver can answer repeated
     * questions before it spends a thread on a query. A hit allocates only the key and the reply's copy.
     */
    Pending receive(byte[] request, InetSocketAddress client, Protocol protocol, ReplySink sink) throws IOException {
        // RFC 1035 §4.1.1: without a whole header there is no ID to answer; never answer a response.
        if (!WireHeader.isComplete(request) || WireHeader.isResponse(request)) {
            metrics.dropped(ServerMetrics.Drop.MALFORMED);
            return null;
        }
        // No reuse when the handler allows none, none now (no generation), none for this client, or the request
        // has no ReuseKey (nor with a COOKIE when we ignore cookies: the full path then answers without one).
        Object generation = replies == null ? null : reuse.generation();
        ReuseKey key = generation != null && reuse.mayServe(client) ? ReuseKey.of(request, protocol) : null;
        if (key != null && key.cookieLength() != 0 && cookies == null) {
            key = null;
        }
        if (key != null) {
            // A kept reply to a request with a cookie gets this client's cookie in place of the one it was kept with.
            ReplySink target = key.cookieLength() == 0 ? sink
                    : new CookieReplySink(sink, cookies, request, key, client.getAddress());
            if (replies.send(key, generation, request, reuse.nanoTime(), target)) {
                return null;
            }
        }
        return new Pending(request, client, protocol, key, key == null ? null : generation);
    }

    /**
     * A request no kept reply answered, to be parsed and put to the handler; its reply is kept under {@code key}
     * in {@code generation} when the handler allows (both null: it cannot be).
     */
    final class Pending {
        private final byte[] request;
        private final InetSocketAddress client;
        private final Protocol protocol;
        private final ReuseKey key;
        private final Object generation;

        private Pending(byte[] request, InetSocketAddress client, Protocol protocol, ReuseKey key,
                Object generation) {
            this.request = request;
            this.client = client;
            this.protocol = protocol;
            this.key = key;
            this.generation = generation;
        }

        /** Sends this request's replies to {@code sink}; only the sink's own I/O errors come out. */
        void process(ReplySink sink) throws IOException {
            Message query = parse(request);
            if (query == null || QueryChecks.isMalformed(query)) {
                // Header-only FORMERR in every case: echoing a question we judged malformed helps nobody.
                metrics.dropped(ServerMetrics.Drop.MALFORMED);
                sink.send(WireHeader.formErr(request));
                return;
            }
            Query parsed = new Query(query, client, protocol, request);
            OPTRecord queryOpt = query.getOPT();
            if (queryOpt != null && queryOpt.getVersion() > Edns.VERSION) {
                // RFC 6891 §6.1.3: BADVERS, with an OPT carrying the version we do speak; no handler involved.
                sink.send(renderOrServFail(parsed, badVersion(query)));
                return;
            }
            respond(parsed, callHandler(parsed), sink, this, judgeCookie(queryOpt, client));
        }

        /** Keeps {@code wire}, the handler's rendered reply, for reuse as {@code how} allows. */
        void keep(byte[] wire, Response.Reuse how, byte[] rateLimitName) {
            if (key != null && (key.cookieLength() == 0 || CookieReplySink.endsWithCookie(wire, request, key))) {
                replies.store(key, generation, wire, how, reuse.nanoTime(), rateLimitName);
            }
        }
    }

    /**
     * The verdict on the request's first COOKIE option (RFC 7873 §5.2: the others are ignored), or null when it has
     * none or we ignore cookies. Cookie-less requests pay one look at the OPT's option list.
     */
    private ServerCookies.Outcome judgeCookie(OPTRecord queryOpt, InetSocketAddress client) {
        if (cookies == null || queryOpt == null || queryOpt.getOptions().isEmpty()) {
            return null;
        }
        List<EDNSOption> found = queryOpt.getOptions(EDNSOption.Code.COOKIE);
        return found.isEmpty() ? null : cookies.judge((CookieOption) found.getFirst(), client.getAddress());
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

    /** @param pending where to keep a reusable reply, or null when it must not be kept */
    private void respond(Query query, Response response, ReplySink sink, Pending pending) throws IOException {
        respond(query, response, sink, pending, null);
    }

    /** @param cookie the verdict on the request's cookie and the one its replies carry, or null for none */
    private void respond(Query query, Response response, ReplySink sink, Pending pending,
            ServerCookies.Outcome cookie) throws IOException {
        respond(query, response, sink, pending, Unsigned.INSTANCE, cookie);
    }

    /**
     * A signed reply is rendered with its signer and never kept: its signature covers the time and the request's
     * MAC (RFC 8945 §5.3).
     */
    private void respond(Query query, Response response, ReplySink sink, Pending pending, ReplySigner signer,
            ServerCookies.Outcome cookie) throws IOException {
        CookieOption replyCookie = cookie == null ? null : cookie.reply();
        switch (response) {
            case Response.Single single -> {
                // Only UDP replies are rate limited (TCP proves the client's address): name the limit only there.
                byte[] rateLimitName = single.rateLimitName() == null || query.protocol() != Protocol.UDP
                        ? null : single.rateLimitName().toWireCanonical();
                byte[] wire = renderOrServFail(query, single, pending, rateLimitName, signer, replyCookie);
                if (cookie != null && cookie.verdict() == ServerCookies.Verdict.VALID) {
                    // RFC 7873 §5.2.4: a valid server cookie proves the client's address, as TCP does: a reply to
                    // it cannot be reflected at a victim, so rate limiting lets it through (as Knot and BIND do).
                    sink.sendToProvenClient(wire);
                } else {
                    sink.send(wire, rateLimitName);
                }
            }
            case Response.Stream stream -> stream(query, stream.messages(), sink, signer, replyCookie);
            case Response.Signed signed -> respond(query, signed.reply(), sink, null, signed.signer(), cookie);
            case Response.TurnedAway turnedAway -> {
                metrics.dropped(turnedAway.reason());
                respond(query, turnedAway.reply(), sink, null, signer, cookie);
            }
            case Response.Drop drop -> { }
        }
    }

    /** RFC 5936 §2.2: several messages on one TCP connection; over UDP a stream is a handler bug. */
    private void stream(Query query, Iterator<Message> messages, ReplySink sink, ReplySigner signer,
            CookieOption replyCookie) throws IOException {
        if (query.protocol() != Protocol.TCP) {
            LOG.log(Level.WARNING, "handler streamed a reply over UDP for {0} from {1}", query.question(),
                    query.client());
            respond(query, servFail(query), sink, null);
            return;
        }
        try {
            while (messages.hasNext()) {
                sink.send(renderOrServFail(query, new Response.Single(messages.next()), null, null, signer,
                        replyCookie));
            }
        } catch (RuntimeException failure) {
            // A transfer cannot be taken back; end it with SERVFAIL, which makes the client discard it.
            LOG.log(Level.WARNING, "reply stream failed for " + query.question() + " to " + query.client(), failure);
            respond(query, servFail(query), sink, null);
        }
    }

    private byte[] renderOrServFail(Query query, Message reply) {
        return renderOrServFail(query, new Response.Single(reply), null, null, Unsigned.INSTANCE, null);
    }

    /**
     * Renders {@code reply} with {@code replyCookie} (null: none) in the room {@code signer} leaves, signs it, and
     * keeps it for reuse as it allows when {@code pending} is not null.
     */
    private byte[] renderOrServFail(Query query, Response.Single reply, Pending pending, byte[] rateLimitName,
            ReplySigner signer, CookieOption replyCookie) {
        OPTRecord queryOpt = query.message().getOPT();
        int limit = Edns.replyLimit(queryOpt, query.protocol()) - signer.reserve();
        try {
            byte[] wire = signer.sign(ReplyRenderer.render(reply.message(), queryOpt, limit,
                    reply.inDomainGlueRequired(), replyCookie));
            if (pending != null) {
                pending.keep(wire, reply.reuse(), rateLimitName);
            }
            return wire;
        } catch (RuntimeException failure) {
            LOG.log(Level.WARNING, "cannot render the reply to " + query.question() + " for " + query.client(),
                    failure);
            Message servFail = Replies.error(query.message(), Rcode.SERVFAIL);
            return ReplyRenderer.render(servFail, queryOpt, Edns.replyLimit(queryOpt, query.protocol()), false,
                    replyCookie);
        }
    }

    /** Replies as rendered: no signature, no room kept for one. */
    private enum Unsigned implements ReplySigner {
        INSTANCE;

        @Override
        public int reserve() {
            return 0;
        }

        @Override
        public byte[] sign(byte[] rendered) {
            return rendered;
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
