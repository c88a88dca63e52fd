package dev.jdns.resolver;

import dev.jdns.resolver.core.Question;
import dev.jdns.resolver.core.ResolutionObserver;
import dev.jdns.transport.Cidr;
import dev.jdns.transport.Query;
import dev.jdns.transport.QueryHandler;
import dev.jdns.transport.Replies;
import dev.jdns.transport.ReplyReuse;
import dev.jdns.transport.Response;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The recursive resolver behind the shared front end: access control, then the {@link Resolver} pipeline, then the
 * reply. Only clients in the allow list (default: loopback) are served, so the resolver is never open by default
 * (RFC 5358 §4).
 */
public final class RecursiveHandler implements QueryHandler {

    private static final Logger LOG = System.getLogger(RecursiveHandler.class.getName());

    private final Resolver resolver;
    private final Optional<AnswerValidator> validator;
    private final List<Cidr> allowedClients;

    /** @param validator validates recursive answers (DNSSEC); empty: answers are given as the iterator found them */
    public RecursiveHandler(Resolver resolver, Optional<AnswerValidator> validator, List<Cidr> allowedClients) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.validator = Objects.requireNonNull(validator, "validator");
        this.allowedClients = List.copyOf(allowedClients);
    }

    public RecursiveHandler(Resolver resolver, List<Cidr> allowedClients) {
        this(resolver, Optional.empty(), allowedClients);
    }

    public RecursiveHandler(Resolver resolver) {
        this(resolver, Cidr.LOOPBACK);
    }

    @Override
    public Response handle(Query query) {
        Message request = query.message();
        if (!Cidr.anyContains(allowedClients, query.client().getAddress())) {
            // RFC 8914 §4.19, Prohibited: refused by the access list.
            return Response.refusedByAcl(withError(Replies.refused(request),
                    new ExtendedErrorCodeOption(ExtendedErrorCodeOption.PROHIBITED)));
        }
        if (request.getHeader().getOpcode() != Opcode.QUERY) {
            return Response.of(Replies.error(request, Rcode.NOTIMP));
        }
        Record question = request.getQuestion();
        if (question.getDClass() != DClass.IN || isZoneTransfer(question.getType())) {
            // Only the internet class is resolved; zone transfers are between a zone's servers, not via resolvers.
            return Response.of(withError(recursionAvailable(Replies.refused(request)),
                    new ExtendedErrorCodeOption(ExtendedErrorCodeOption.NOT_SUPPORTED)));
        }
        boolean recursionDesired = request.getHeader().getFlag(Flags.RD);
        PolicyScope scope = PolicyScope.clientOver(query.protocol());
        try {
            Resolution resolution;
            Message reply;
            if (validator.isPresent() && recursionDesired) {
                ValidatedAnswer validated = validate(validator.get(), request, scope);
                resolution = validated.resolution();
                reply = reply(request, resolution);
                markValidation(reply, validated);
            } else {
                resolution = resolver.resolve(Question.of(question), recursionDesired, ResolutionObserver.NONE,
                        false, scope);
                reply = reply(request, resolution);
                resolution.extendedError().ifPresent(error -> withError(reply, error));
            }
            if (resolution.source() instanceof AnswerSource.Policy rule
                    && rule.disposition() != AnswerSource.Policy.Disposition.ANSWER) {
                return withheld(request, rule.disposition());
            }
            return new Response.Single(reply, reuse(resolution),
                    resolution.source() instanceof AnswerSource.ClosestCut);
        } catch (RuntimeException e) {
            // A bug must not take the server down or leave the client waiting: answer SERVFAIL and log it.
            LOG.log(Level.ERROR, "resolving " + question + " failed", e);
            return Response.of(recursionAvailable(Replies.error(request, Rcode.SERVFAIL)));
        }
    }

    /**
     * Only an answer or NXDOMAIN (NODATA included) from the cache for the question itself may be sent again, its
     * TTLs aged as the cache would, for as long as the cached data lives. Not hosts file answers (their TTLs are
     * fixed, not counting down), alias chains (each link has its own lifetime in the cache, and a chain restarts
     * at the hosts file), anything that went upstream, or failures.
     */
    private static Response.Reuse reuse(Resolution resolution) {
        int rcode = resolution.rcode();
        if (resolution.source() instanceof AnswerSource.Cache cache
                && (rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN)) {
            return Response.Reuse.agingFor(cache.remainingSeconds());
        }
        return Response.Reuse.NEVER;
    }

    private static ValidatedAnswer validate(AnswerValidator validator, Message request, PolicyScope scope) {
        OPTRecord opt = request.getOPT();
        boolean dnssecOk = opt != null && (opt.getFlags() & ExtendedFlags.DO) != 0;
        Header header = request.getHeader();
        return validator.resolve(Question.of(request.getQuestion()), dnssecOk, header.getFlag(Flags.CD),
                header.getFlag(Flags.AD), scope);
    }

    /**
     * A reply a response policy withholds: none for rpz-drop; for rpz-tcp-only over UDP an empty one with TC=1,
     * which sends the client to TCP (RFC 7766 §5), where the rule lets the question through.
     */
    private static Response withheld(Message request, AnswerSource.Policy.Disposition disposition) {
        if (disposition == AnswerSource.Policy.Disposition.DROP) {
            return Response.drop();
        }
        Message truncated = recursionAvailable(Replies.replyTo(request));
        truncated.getHeader().setFlag(Flags.TC);
        return Response.of(truncated);
    }

    /**
     * AD on a secure answer (RFC 6840 §5.7); the validator's Extended DNS Error, else the iterator's (RFC 8914).
     */
    private static void markValidation(Message reply, ValidatedAnswer validated) {
        if (validated.authenticated()) {
            reply.getHeader().setFlag(Flags.AD);
        }
        validated.error().or(() -> validated.resolution().extendedError()).ifPresent(error -> withError(reply, error));
    }

    /**
     * {@code reply} with an Extended DNS Error (RFC 8914) in an OPT record for the front end to keep; it is sent
     * only to a client that used EDNS.
     */
    private static Message withError(Message reply, ExtendedErrorCodeOption error) {
        reply.addRecord(new OPTRecord(0, 0, 0, 0, List.of(error)), Section.ADDITIONAL);
        return reply;
    }

    /** A cache miss waits for upstream servers. */
    @Override
    public boolean mayBlock() {
        return true;
    }

    /**
     * Cached answers may be sent again by the front end with their TTLs aged on the cache's clock, to clients this
     * handler serves, until the hosts file changes (see {@link #reuse} for which replies).
     */
    @Override
    public ReplyReuse replyReuse() {
        return new ReplyReuse() {
            @Override
            public Object generation() {
                return resolver.answerGeneration();
            }

            @Override
            public boolean mayServe(InetSocketAddress client) {
                return Cidr.anyContains(allowedClients, client.getAddress());
            }

            @Override
            public long nanoTime() {
                return resolver.cacheNanoTime();
            }
        };
    }

    /** RA=1 (we recurse), AA=0 (we are not the zone's server), RD and the question echoed by {@link Replies}. */
    private static Message reply(Message request, Resolution resolution) {
        Message reply = recursionAvailable(Replies.replyTo(request));
        reply.getHeader().setRcode(resolution.rcode());
        resolution.answer().forEach(record -> reply.addRecord(record, Section.ANSWER));
        resolution.authority().forEach(record -> reply.addRecord(record, Section.AUTHORITY));
        resolution.additional().forEach(record -> reply.addRecord(record, Section.ADDITIONAL));
        return reply;
    }

    private static Message recursionAvailable(Message reply) {
        reply.getHeader().setFlag(Flags.RA);
        return reply;
    }

    private static boolean isZoneTransfer(int type) {
        return type == Type.AXFR || type == Type.IXFR;
    }
}
