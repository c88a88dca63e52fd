package dev.jdns.authoritative;

import dev.jdns.transport.Protocol;
import dev.jdns.transport.Query;
import dev.jdns.transport.Replies;
import dev.jdns.transport.Response;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Answers AXFR (RFC 5936) and IXFR (RFC 1995) for clients the transfer ACL admits. IXFR is served from the
 * {@link ZoneHistory} as one condensed difference sequence when it reaches back to the client's serial, else as a
 * full transfer (RFC 1995 §4). Served transfers are logged at INFO, one line each: they are rare, admitted
 * clients only, and what an operator looks for when a secondary lags.
 */
final class TransferResponder {

    private static final Logger LOG = System.getLogger(TransferResponder.class.getName());

    /** Room kept in a UDP IXFR reply for the TSIG record the front end may add (name, algorithm, 64-octet MAC). */
    private static final int SIGNATURE_ROOM = 400;
    private static final int CLASSIC_UDP = 512;
    private static final int OUR_UDP_PAYLOAD = 1232;

    private final Acl allowTransfer;
    private final ZoneHistory history;

    TransferResponder(Acl allowTransfer, ZoneHistory history) {
        this.allowTransfer = allowTransfer;
        this.history = history;
    }

    /** @param key the TSIG key the request was verified with, if it was signed */
    Response respond(Query query, ZoneCatalog catalog, Optional<Name> key) {
        Message message = query.message();
        Name apex = query.question().getName();
        int qtype = query.question().getType();
        // RFC 5936 §4.2: AXFR needs TCP. IXFR over UDP is allowed (RFC 1995 §2), answered below.
        boolean overTcpIfFull = qtype == Type.IXFR || query.protocol() == Protocol.TCP;
        boolean admitted = allowTransfer.admits(query.client().getAddress(), key);
        if (!overTcpIfFull || !admitted) {
            LOG.log(Level.DEBUG, "refused {0} of {1} to {2} (key {3})", Type.string(qtype), apex,
                    query.client(), key.map(Name::toString).orElse("none"));
            // Only the transfer ACL's refusal counts as one (metrics); AXFR over UDP is a protocol error.
            return admitted ? Response.of(Replies.refused(message)) : Response.refusedByAcl(Replies.refused(message));
        }
        Optional<LoadedZone> zone = catalog.zone(apex);
        if (zone.isEmpty()) {
            return Response.of(Replies.error(message, Rcode.NOTAUTH));
        }
        if (qtype == Type.AXFR) {
            log("AXFR", zone.get(), query, key, "");
            return new Response.Stream(ZoneTransfer.messages(message, zone.get()));
        }
        return incremental(query, zone.get(), key);
    }

    private Response incremental(Query query, LoadedZone zone, Optional<Name> key) {
        Message message = query.message();
        Optional<SOARecord> clientSoa = clientSoa(message, zone.origin());
        if (clientSoa.isEmpty()) {
            return Response.of(Replies.error(message, Rcode.FORMERR)); // RFC 1995 §3: the client's SOA is required
        }
        long clientSerial = clientSoa.get().getSerial();
        long serial = zone.soa().getSerial();
        if (!SerialNumber.isNewer(serial, clientSerial)) {
            log("IXFR", zone, query, key, ": client at " + clientSerial + " is current");
            return Response.of(soaOnly(message, zone)); // RFC 1995 §2: a single SOA, nothing newer
        }
        Optional<List<ZoneDiff>> steps = history.differences(zone.origin(), clientSerial, serial);
        if (steps.isEmpty()) {
            if (query.protocol() == Protocol.UDP) {
                return Response.of(soaOnly(message, zone)); // RFC 1995 §2: "try TCP"
            }
            log("IXFR", zone, query, key, " in full: the journal does not reach serial " + clientSerial);
            return new Response.Stream(ZoneTransfer.messages(message, zone));
        }
        ZoneDiff diff = ZoneDiff.condense(steps.get());
        log("IXFR", zone, query, key, " incremental from " + clientSerial + " (" + steps.get().size()
                + " versions, " + diff.deleted().size() + " deleted, " + diff.added().size() + " added)");
        if (query.protocol() == Protocol.UDP) {
            return Response.of(udpIncremental(message, zone, diff, key.isPresent()));
        }
        return new Response.Stream(ZoneTransfer.incremental(message, diff));
    }

    /** The whole difference in one datagram when it fits, else the single SOA that sends the client to TCP. */
    private static Message udpIncremental(Message query, LoadedZone zone, ZoneDiff diff, boolean signed) {
        Message reply = authoritativeReply(query);
        for (Record record : ZoneTransfer.incrementalRecords(diff)) {
            reply.addRecord(record, Section.ANSWER);
        }
        OPTRecord opt = query.getOPT();
        int limit = opt == null ? CLASSIC_UDP : Math.max(CLASSIC_UDP, Math.min(opt.getPayloadSize(), OUR_UDP_PAYLOAD));
        int room = signed ? SIGNATURE_ROOM : 0;
        return reply.toWire().length + room <= limit ? reply : soaOnly(query, zone);
    }

    private static Optional<SOARecord> clientSoa(Message message, Name origin) {
        return message.getSection(Section.AUTHORITY).stream()
                .filter(record -> record instanceof SOARecord && record.getName().equals(origin))
                .map(SOARecord.class::cast)
                .findFirst();
    }

    private static Message soaOnly(Message query, LoadedZone zone) {
        Message reply = authoritativeReply(query);
        reply.addRecord(zone.soa(), Section.ANSWER);
        return reply;
    }

    private static Message authoritativeReply(Message query) {
        Message reply = Replies.replyTo(query);
        reply.getHeader().setFlag(Flags.AA);
        return reply;
    }

    private static void log(String kind, LoadedZone zone, Query query, Optional<Name> key, String detail) {
        LOG.log(Level.INFO, "{0} of {1} serial {2} to {3} over {4}{5}{6}", kind, zone.origin(), zone.soa().getSerial(),
                query.client().getAddress().getHostAddress(), query.protocol(),
                key.map(k -> " (key " + k + ")").orElse(""), detail);
    }
}
