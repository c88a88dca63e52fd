package dev.jdns.authoritative;

import dev.jdns.transport.Query;
import dev.jdns.transport.Replies;
import dev.jdns.transport.Response;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Serial;
import org.xbill.DNS.Type;

/**
 * Answers UPDATE (RFC 2136) for the zones {@code --allow-update} names, to the clients its ACL admits: the zone
 * section (§3.1), the prerequisites (§3.2), the prescan (§3.4.1), then the changes (§3.4.2) with the SOA serial
 * raised (§3.6), all under the {@link ZoneStore}'s lock, so updates to a zone are serialised. The change reaches
 * the update journal on disk before the reply is sent, then goes into service, where the primary role journals it
 * for IXFR and sends NOTIFY, and an online-signed zone is signed again.
 */
public final class UpdateResponder {

    private static final Logger LOG = System.getLogger(UpdateResponder.class.getName());

    private final ZoneStore store;
    private final Map<Name, Acl> allowUpdate;
    private final UpdateJournal journal;
    private final Predicate<Name> signedOnline;

    /**
     * @param allowUpdate  who may update each zone (a zone not named takes no updates)
     * @param signedOnline the zones signed online, whose signatures are made again after a change
     */
    public UpdateResponder(ZoneStore store, Map<Name, Acl> allowUpdate, UpdateJournal journal,
            Predicate<Name> signedOnline) {
        this.store = store;
        this.allowUpdate = Map.copyOf(allowUpdate);
        this.journal = journal;
        this.signedOnline = signedOnline;
    }

    /** @param key the TSIG key the request was verified with, if it was signed */
    Response respond(Query query, Optional<Name> key) {
        Message message = query.message();
        Record zoneSection = query.question();
        Name origin = zoneSection.getName();
        if (zoneSection.getType() != Type.SOA) {
            return reply(message, Rcode.FORMERR); // §3.1.1: ZTYPE must be SOA
        }
        Optional<LoadedZone> zone = store.get().zone(origin);
        if (zone.isEmpty() || zoneSection.getDClass() != DClass.IN) {
            return reply(message, Rcode.NOTAUTH); // §3.1.2: not a zone we are authoritative for
        }
        Acl acl = allowUpdate.getOrDefault(origin, Acl.NOBODY);
        if (!acl.admits(query.client().getAddress(), key)) {
            LOG.log(Level.INFO, "update of {0} from {1} (key {2}) refused", origin,
                    query.client().getAddress().getHostAddress(), key.map(Name::toString).orElse("none"));
            return Response.refusedByAcl(Replies.error(message, Rcode.REFUSED)); // RFC 2136 §3.3, RFC 3007 §3
        }
        Edit edit = new Edit(message, origin);
        try {
            store.edit(origin, edit);
        } catch (IOException | ZoneLoadException | RuntimeException e) {
            LOG.log(Level.WARNING, "update of {0} failed, nothing changed: {1}", origin, e.getMessage());
            return reply(message, Rcode.SERVFAIL);
        }
        if (edit.done != null) {
            LOG.log(Level.INFO, "update of {0} from {1} (key {2}): {3}", origin,
                    query.client().getAddress().getHostAddress(), key.map(Name::toString).orElse("none"), edit.done);
        }
        return reply(message, edit.rcode);
    }

    /** One update's checks and changes, made by the store from the copy in service. */
    private final class Edit implements ZoneStore.ZoneEdit {
        private final Message message;
        private final Name origin;
        private int rcode = Rcode.SERVFAIL; // until decided: the zone may not be served from a file
        private ZoneDiff done;

        Edit(Message message, Name origin) {
            this.message = message;
            this.origin = origin;
        }

        @Override
        public Optional<LoadedZone> apply(LoadedZone serving) {
            boolean resigned = signedOnline.test(origin);
            if (serving.dnssec().signed() && !resigned) {
                LOG.log(Level.WARNING, "{0} is signed offline; updates need it signed online (--dnssec)", origin);
                rcode = Rcode.REFUSED;
                return Optional.empty();
            }
            EditableZone zone = EditableZone.of(serving, resigned);
            List<Record> updates = message.getSection(Section.UPDATE);
            rcode = UpdatePrerequisites.check(message.getSection(Section.PREREQ), zone);
            if (rcode == Rcode.NOERROR) {
                rcode = UpdateSection.prescan(updates, origin);
            }
            if (rcode != Rcode.NOERROR) {
                return Optional.empty();
            }
            SOARecord before = zone.soa();
            UpdateSection.apply(updates, zone, resigned);
            if (zone.difference(before).isEmpty() && zone.soa().equals(before)) {
                return Optional.empty(); // nothing changed: no new version, no new serial
            }
            raiseSerial(zone, before);
            done = zone.difference(before);
            return Optional.of(zone.build());
        }

        @Override
        public void persist() throws IOException {
            journal.append(origin, done);
        }
    }

    /**
     * RFC 2136 §3.6: the serial goes up with every change; an update that set a newer SOA itself keeps its serial.
     * The new serial follows the one served, which for a zone signed online is the signer's.
     */
    private static void raiseSerial(EditableZone zone, SOARecord before) {
        SOARecord soa = zone.soa();
        if (Serial.compare(soa.getSerial(), before.getSerial()) > 0) {
            return;
        }
        zone.replace(new SOARecord(soa.getName(), soa.getDClass(), soa.getTTL(), soa.getHost(), soa.getAdmin(),
                Serial.increment(before.getSerial()), soa.getRefresh(), soa.getRetry(), soa.getExpire(),
                soa.getMinimum()));
    }

    /** §3.8: the reply carries the rcode and the zone section; TSIG, if any, is added by the handler. */
    private static Response reply(Message request, int rcode) {
        return Response.of(Replies.error(request, rcode));
    }
}
