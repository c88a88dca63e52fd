package dev.jdns.authoritative;

import dev.jdns.authoritative.LookupResult.Alias;
import dev.jdns.authoritative.LookupResult.Answer;
import dev.jdns.authoritative.LookupResult.NoData;
import dev.jdns.authoritative.LookupResult.NxDomain;
import dev.jdns.authoritative.LookupResult.Referral;
import dev.jdns.authoritative.LookupResult.YxDomain;
import dev.jdns.transport.Replies;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Turns a {@link LookupResult} into the response message (RFC 1034 §4.3.2 steps 3-6): header flags and rcode,
 * the chain and answer, the SOA of negative answers, referrals with glue, and additional-section addresses.
 * Records of each RRset go out in zone order, as NSD and Knot send them by default, so the same question always
 * gets the same reply and the front end can send its encoded copy again; a {@linkplain #rotating() rotating}
 * builder turns them from one response to the next instead (round robin). To a client that set DO, a signed
 * zone's RRSIGs and denial proofs come along ({@link DnssecProofs}). No OPT record: the front end adds it.
 * Thread-safe: the only state is the rotation counter.
 */
public final class ResponseBuilder {

    /** Answer types whose targets get their addresses in the additional section (RFC 1035 §3.3.9, RFC 2782). */
    private static final Set<Integer> ADDITIONAL_TYPES = Set.of(Type.MX, Type.SRV, Type.NS);

    /**
     * One increment per response; every RRset in that response starts at this position, modulo its size. Null
     * when records keep their zone order.
     */
    private final AtomicInteger rotation;

    /** Records in zone order in every response. */
    public ResponseBuilder() {
        this(null);
    }

    private ResponseBuilder(AtomicInteger rotation) {
        this.rotation = rotation;
    }

    /** A builder that rotates the records of each RRset by one from one response to the next (round robin). */
    public static ResponseBuilder rotating() {
        return new ResponseBuilder(new AtomicInteger());
    }

    /** Whether the records of an RRset change order between responses: then no reply can be sent twice. */
    public boolean rotates() {
        return rotation != null;
    }

    /** The response to {@code query}, whose question {@code zone} answered with {@code result}. */
    public Message build(Message query, LookupResult result, LoadedZone zone) {
        return build(query, result, zone, () -> ZoneCatalog.of(List.of(zone)));
    }

    /**
     * As {@link #build(Message, LookupResult, LoadedZone)}; {@code catalog} holds the zones a CNAME chain went
     * through, whose proofs a DO reply may need.
     */
    public Message build(Message query, LookupResult result, LoadedZone zone, ZoneCatalog catalog) {
        return build(query, result, zone, () -> catalog);
    }

    private Message build(Message query, LookupResult result, LoadedZone zone, Supplier<ZoneCatalog> catalog) {
        Message reply = Replies.replyTo(query);
        // RFC 3225 §3 / RFC 4035 §3.1: RRSIGs and proofs only for clients that set DO. Without it, DNSSEC records
        // appear only as the type asked for, and the reply is exactly the unsigned one.
        boolean dnssec = dnssecOk(query);
        Sections out = new Sections(reply, rotation == null ? 0 : rotation.getAndIncrement(), dnssec);
        result.chain().forEach(rrset -> out.add(rrset, Section.ANSWER));
        addResult(out, result, zone);
        if (dnssec && zone.dnssec().signed()) {
            // RFC 4035 §3.1.3, RFC 5155 §7.2: after the SOA of a negative answer, or the DS-less NS of a referral.
            DnssecProofs.forResult(result, query.getQuestion().getName(), zone, catalog.get())
                    .forEach(proof -> out.add(proof, Section.AUTHORITY));
        }
        return reply;
    }

    /** Header flags, rcode and the sections for what the lookup found, after its chain. */
    private static void addResult(Sections out, LookupResult result, LoadedZone zone) {
        Message reply = out.reply();
        switch (result) {
            case Answer answer -> {
                setAuthoritative(reply);
                out.add(answer.rrset(), Section.ANSWER);
                addTargetAddresses(out, answer.rrset(), zone);
            }
            case Alias alias -> setAuthoritative(reply);
            case Referral referral -> {
                // RFC 1035 §4.1.1: AA speaks for the answer section. A referral has none and is not
                // authoritative, unless an in-zone CNAME chain led to it: that chain is ours.
                if (!referral.chain().isEmpty()) {
                    setAuthoritative(reply);
                }
                out.add(referral.nameServers(), Section.AUTHORITY);
                // RFC 4035 §3.1.4: DS goes with a referral only for clients that asked for DNSSEC records (DO);
                // RFC 3225 §3: without DO, DNSSEC records are left out unless they are the type asked for.
                if (out.dnssec()) {
                    referral.delegationSigner().ifPresent(ds -> out.add(ds, Section.AUTHORITY));
                }
                referral.glue().forEach(glue -> out.add(glue, Section.ADDITIONAL));
            }
            case NoData noData -> negative(out, zone, Rcode.NOERROR);
            case NxDomain nxDomain -> negative(out, zone, Rcode.NXDOMAIN);
            case YxDomain yxDomain -> {
                setAuthoritative(reply);
                reply.getHeader().setRcode(Rcode.YXDOMAIN);
            }
        }
    }

    /**
     * Adds RRsets to one reply: each rotated by the reply's turn, and followed by its RRSIGs when the client set
     * DO (RFC 4035 §3.1.1). Kept next to their RRset, the RRSIGs count as part of it when dnsjava's
     * {@code toWire} drops what does not fit, so an RRset never goes without its signatures and the TC bit
     * follows RFC 4035 §3.1.1.
     */
    private record Sections(Message reply, int turn, boolean dnssec) {
        void add(RecordSet rrset, int section) {
            for (Record record : rrset.rotated(turn)) {
                reply.addRecord(record, section);
            }
            if (dnssec) {
                rrset.signatures().forEach(signature -> reply.addRecord(signature, section));
            }
        }
    }

    private static boolean dnssecOk(Message query) {
        OPTRecord opt = query.getOPT();
        return opt != null && (opt.getFlags() & ExtendedFlags.DO) != 0;
    }

    /**
     * NXDOMAIN and NODATA, also at the end of a CNAME chain (the rcode speaks for the last name, RFC 6604 §3):
     * the zone's SOA in the authority section with TTL min(SOA TTL, MINIMUM) so resolvers can cache the
     * negative answer (RFC 2308 §3).
     */
    private static void negative(Sections out, LoadedZone zone, int rcode) {
        setAuthoritative(out.reply());
        out.reply().getHeader().setRcode(rcode);
        out.add(zone.dnssec().negativeSoa(), Section.AUTHORITY);
    }

    /**
     * Additional section processing: A and AAAA of MX exchanges (RFC 1035 §3.3.9), SRV targets (RFC 2782) and
     * NS hosts (RFC 1035 §3.3.11) when they are inside this zone; a server gives no addresses it is not the
     * source for.
     */
    private static void addTargetAddresses(Sections out, RecordSet answer, LoadedZone zone) {
        if (!ADDITIONAL_TYPES.contains(answer.type())) {
            return;
        }
        Set<Name> targets = new LinkedHashSet<>();
        for (Record record : answer.records()) {
            Name target = record.getAdditionalName();
            if (target != null) {
                targets.add(target);
            }
        }
        targets.forEach(target -> zone.addressesOf(target).forEach(a -> out.add(a, Section.ADDITIONAL)));
    }

    private static void setAuthoritative(Message reply) {
        reply.getHeader().setFlag(Flags.AA);
    }
}
