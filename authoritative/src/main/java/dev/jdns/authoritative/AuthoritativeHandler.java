package dev.jdns.authoritative;

import dev.jdns.authoritative.tsig.TsigCheck;
import dev.jdns.transport.Cidr;
import dev.jdns.transport.Query;
import dev.jdns.transport.QueryHandler;
import dev.jdns.transport.Replies;
import dev.jdns.transport.ReplyReuse;
import dev.jdns.transport.Response;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The authoritative server as a {@link QueryHandler}: decides which kind of question this is (zone data, zone
 * transfer, dynamic update, CHAOS identity, something we do not implement) and hands it to the piece that answers
 * it. The catalog is read once per query from {@code zones}, so a reload swapping it never shows a query half of
 * each.
 */
public final class AuthoritativeHandler implements QueryHandler {

    private static final System.Logger LOG = System.getLogger(AuthoritativeHandler.class.getName());

    private final Supplier<ZoneCatalog> zones;
    private final ChaosIdentity chaos;
    private final AccessPolicy access;
    private final TransferResponder transfers;
    private final SecondaryZones secondaries;
    private final Optional<UpdateResponder> updates;
    private final ResponseBuilder responses;

    private AuthoritativeHandler(Builder builder) {
        this.zones = builder.zones;
        this.chaos = builder.chaos;
        this.access = builder.access;
        this.transfers = new TransferResponder(builder.access.allowTransfer(), builder.history);
        this.secondaries = builder.secondaries;
        this.updates = builder.updates;
        this.responses = builder.roundRobin ? ResponseBuilder.rotating() : new ResponseBuilder();
    }

    /**
     * A handler for the zones of {@code zones}, read once per query (a reload swaps what it gives); what else it
     * answers is set on the builder, whose defaults are a server that serves its zones and nothing more.
     */
    public static Builder serving(Supplier<ZoneCatalog> zones) {
        return new Builder(zones);
    }

    /**
     * What an {@link AuthoritativeHandler} answers besides zone data. Defaults: the CHAOS identity hidden, no TSIG
     * keys and nobody allowed to transfer, no zone history (IXFR answered in full), no secondary zones, UPDATE
     * answered NOTIMP, RRsets in zone order.
     */
    public static final class Builder {

        private final Supplier<ZoneCatalog> zones;
        private ChaosIdentity chaos = ChaosIdentity.hidden();
        private AccessPolicy access = AccessPolicy.NOBODY;
        private ZoneHistory history = ZoneHistory.NONE;
        private SecondaryZones secondaries = SecondaryZones.NONE;
        private Optional<UpdateResponder> updates = Optional.empty();
        private boolean roundRobin;

        private Builder(Supplier<ZoneCatalog> zones) {
            this.zones = Objects.requireNonNull(zones, "zones");
        }

        /** Answers to CHAOS-class identity queries ({@code version.bind}, {@code id.server}). */
        public Builder chaos(ChaosIdentity identity) {
            this.chaos = Objects.requireNonNull(identity, "identity");
            return this;
        }

        /** TSIG keys, and who may transfer, notify and update. */
        public Builder access(AccessPolicy policy) {
            this.access = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Clients that may transfer the zones without a key (and no TSIG keys at all). */
        public Builder allowTransfer(List<Cidr> clients) {
            return access(AccessPolicy.transfersBy(Acl.ofBlocks(clients)));
        }

        /** Differences between zone versions, for IXFR (RFC 1995). */
        public Builder history(ZoneHistory zoneHistory) {
            this.history = Objects.requireNonNull(zoneHistory, "zoneHistory");
            return this;
        }

        /** The zones this server is a secondary for: NOTIFY for them, SERVFAIL while they are not served. */
        public Builder secondaries(SecondaryZones zonesAsSecondary) {
            this.secondaries = Objects.requireNonNull(zonesAsSecondary, "zonesAsSecondary");
            return this;
        }

        /** Answers UPDATE (RFC 2136) with {@code responder}. */
        public Builder updates(UpdateResponder responder) {
            this.updates = Optional.of(responder);
            return this;
        }

        /**
         * With {@code on}, the records of each RRset rotate from one reply to the next (round robin), where by
         * default they keep their zone order as NSD's and Knot's do. A rotated RRset makes its reply differ from one
         * query to the next, so such replies are built every time instead of sent again from the front end's copy.
         */
        public Builder roundRobin(boolean on) {
            this.roundRobin = on;
            return this;
        }

        public AuthoritativeHandler build() {
            return new AuthoritativeHandler(this);
        }
    }

    /**
     * A signed request is verified first (RFC 8945 §5.2): a failure is answered NOTAUTH with the TSIG error and
     * nothing else happens; a verified request is answered as an unsigned one would be, with its key in hand for
     * the ACLs, and the reply signed.
     */
    @Override
    public Response handle(Query query) {
        TsigCheck tsig = TsigCheck.of(query, access.keys());
        return switch (tsig) {
            case TsigCheck.Failed failed -> {
                LOG.log(System.Logger.Level.DEBUG, "TSIG {0} with key {1} from {2}", failed.errorName(),
                        failed.key(), query.client());
                yield failed.reply();
            }
            case TsigCheck.Verified verified -> verified.sign(handleVerified(query, tsig));
            case TsigCheck.Unsigned unsigned -> handleVerified(query, tsig);
        };
    }

    private Response handleVerified(Query query, TsigCheck tsig) {
        Message message = query.message();
        int opcode = message.getHeader().getOpcode();
        if (opcode == Opcode.NOTIFY) {
            return secondaries.notify(query, tsig.verifiedKey());
        }
        if (opcode == Opcode.UPDATE && updates.isPresent()) {
            return updates.get().respond(query, tsig.verifiedKey());
        }
        // RFC 1035 §4.1.1: NOTIMP for kinds of query we do not support (UPDATE needs a dynamic zone).
        if (opcode != Opcode.QUERY) {
            return Response.of(Replies.error(message, Rcode.NOTIMP));
        }
        Record question = query.question();
        int qtype = question.getType();
        if (question.getDClass() == DClass.CH) {
            return Response.of(chaos.answer(message));
        }
        if (question.getDClass() != DClass.IN) {
            return Response.of(Replies.refused(message)); // our zones are all class IN
        }
        if (isUnavailable(question.getName(), qtype)) {
            return Response.of(Replies.error(message, Rcode.SERVFAIL));
        }
        if (qtype == Type.AXFR || qtype == Type.IXFR) {
            return transfers.respond(query, zones.get(), tsig.verifiedKey());
        }
        // A qtype OPT never gets here: the front end answers it FORMERR (RFC 6891 §6.1.1).
        if (!Type.isRR(qtype) && qtype != Type.ANY) {
            return Response.of(Replies.error(message, Rcode.NOTIMP)); // MAILA, MAILB, TKEY, TSIG as questions
        }
        return answer(message, question.getName(), qtype);
    }

    /**
     * Whether the zone that would answer is a secondary zone we hold no servable copy of (not yet transferred, or
     * expired): SERVFAIL, as BIND and Knot answer, unless a zone of ours below it holds the name.
     */
    private boolean isUnavailable(Name qname, int qtype) {
        Optional<Name> unavailable = secondaries.unavailableZone(qname);
        if (unavailable.isEmpty()) {
            return false;
        }
        Optional<LoadedZone> served = zones.get().zoneFor(qname, qtype);
        return served.isEmpty() || served.get().origin().labels() <= unavailable.get().labels();
    }

    /** Generation: the catalog. A reload replaces it, and with it every reply the front end kept for reuse. */
    @Override
    public ReplyReuse replyReuse() {
        return zones::get;
    }

    private Response answer(Message message, Name qname, int qtype) {
        ZoneCatalog catalog = zones.get();
        Optional<CatalogLookup.Located> located = CatalogLookup.lookup(catalog, qname, qtype);
        if (located.isEmpty()) {
            // Not our zone: we are no resolver and give no referral upward.
            return Response.of(Replies.refused(message));
        }
        LookupResult result = located.get().result();
        Message reply = responses.build(message, result, located.get().zone(), catalog);
        Response.Reuse reuse = reusable(result, reply, responses.rotates())
                ? Response.Reuse.AS_IS : Response.Reuse.NEVER;
        return new Response.Single(reply, reuse, needsInDomainGlue(result), synthesisedFrom(result));
    }

    /**
     * A referral to a child zone must carry the glue for name servers inside it, or TC (RFC 9471 §3). After a
     * CNAME chain the reply has an answer, and is not sent as a referral.
     */
    private static boolean needsInDomainGlue(LookupResult result) {
        return result instanceof LookupResult.Referral referral && referral.chain().isEmpty();
    }

    /**
     * The wildcard an answer was synthesised from, under which rate limiting counts it: every name a wildcard
     * covers is one answer, so a flood of random names below it shares one limit, as a flood of one name would.
     */
    private static Name synthesisedFrom(LookupResult result) {
        return result instanceof LookupResult.Answer answer ? answer.wildcard().orElse(null) : null;
    }

    /**
     * Whether the same question, whatever its case, always gets this reply until the zones change, so the front
     * end may send its encoded copy again: every shape a zone answers with (multi-record RRsets, CNAME chains,
     * wildcard expansions, referrals with glue, negative answers with their SOA and proofs) is built once per zone
     * version and question, then only patched (ID, the question's case). Not when records rotate (round robin).
     * Not after a DNAME: the name it synthesises keeps the case of the query in labels that name compression
     * cannot point at the question, so a kept copy would show another client's case (RFC 6672 §3.1).
     */
    private static boolean reusable(LookupResult result, Message reply, boolean rotating) {
        if (result instanceof LookupResult.YxDomain
                || result.chain().stream().anyMatch(link -> link.type() == Type.DNAME)) {
            return false;
        }
        return !rotating || !hasRotatingRrset(reply);
    }

    private static boolean hasRotatingRrset(Message reply) {
        for (int section : new int[] {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL}) {
            for (RRset rrset : reply.getSectionRRsets(section)) {
                if (rrset.size() > 1) {
                    return true;
                }
            }
        }
        return false;
    }
}
