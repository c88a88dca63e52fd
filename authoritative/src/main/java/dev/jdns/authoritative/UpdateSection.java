package dev.jdns.authoritative;

import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Serial;
import org.xbill.DNS.Type;

/**
 * The update section of an UPDATE (RFC 2136 §2.5): checked whole before anything changes (§3.4.1), then applied
 * record by record in order (§3.4.2), each seeing the zone as the ones before it left it. Rules that make an
 * update record a silent no-op (a CNAME beside other data, an older SOA, the apex SOA and last NS) are §3.4.2's.
 */
final class UpdateSection {

    private UpdateSection() {}

    /** §3.4.1, the prescan: NOERROR, NOTZONE for a record outside the zone, FORMERR for one no update can hold. */
    static int prescan(List<Record> updates, Name origin) {
        for (Record rr : updates) {
            if (!rr.getName().subdomain(origin)) {
                return Rcode.NOTZONE;
            }
            boolean wellFormed = switch (rr.getDClass()) {
                // Add to an RRset: a real type with data.
                case DClass.IN -> Type.isRR(rr.getType()) && UpdatePrerequisites.hasData(rr);
                // Delete an RRset or all of a name: no TTL, no data.
                case DClass.ANY -> rr.getTTL() == 0 && !UpdatePrerequisites.hasData(rr)
                        && (Type.isRR(rr.getType()) || rr.getType() == Type.ANY);
                // Delete one record: no TTL, its data.
                case DClass.NONE -> rr.getTTL() == 0 && Type.isRR(rr.getType()) && UpdatePrerequisites.hasData(rr);
                default -> false;
            };
            if (!wellFormed) {
                return Rcode.FORMERR;
            }
        }
        return Rcode.NOERROR;
    }

    /**
     * Applies {@code updates}, which passed {@link #prescan}, to {@code zone}. Records of the types a signer makes
     * are skipped in a zone signed online ({@code resigned}): the signer makes them again from the result.
     */
    static void apply(List<Record> updates, EditableZone zone, boolean resigned) {
        for (Record rr : updates) {
            if (resigned && EditableZone.SIGNER_TYPES.contains(rr.getType())) {
                continue;
            }
            switch (rr.getDClass()) {
                case DClass.IN -> add(rr, zone);
                case DClass.ANY -> deleteRRsets(rr, zone);
                default -> deleteRecord(rr, zone);
            }
        }
    }

    /** §3.4.2.2: add, unless a CNAME and other data would meet, or an SOA is not newer than the zone's. */
    private static void add(Record rr, EditableZone zone) {
        Name name = rr.getName();
        if (meetsCname(rr, zone)) {
            return;
        }
        if (rr.getType() == Type.SOA) {
            boolean newer = name.equals(zone.origin())
                    && Serial.compare(((SOARecord) rr).getSerial(), zone.soa().getSerial()) > 0;
            if (newer) {
                zone.replace(rr);
            }
            return;
        }
        if (rr.getType() == Type.CNAME) {
            zone.replace(rr); // one CNAME per name: a new one replaces the old
        } else {
            zone.add(rr);
        }
    }

    /** §3.4.2.3: delete an RRset, or all of a name; never the apex SOA or NS RRsets. */
    private static void deleteRRsets(Record rr, EditableZone zone) {
        Name name = rr.getName();
        boolean apex = name.equals(zone.origin());
        if (rr.getType() == Type.ANY) {
            zone.types(name).stream().filter(t -> !apex || (t != Type.SOA && t != Type.NS))
                    .forEach(t -> zone.deleteRRset(name, t));
        } else if (!apex || (rr.getType() != Type.SOA && rr.getType() != Type.NS)) {
            zone.deleteRRset(name, rr.getType());
        }
    }

    /** §3.4.2.4: delete one record; never the SOA, never the apex's last NS. */
    private static void deleteRecord(Record rr, EditableZone zone) {
        if (rr.getType() == Type.SOA) {
            return;
        }
        boolean lastApexNs = rr.getType() == Type.NS && rr.getName().equals(zone.origin())
                && zone.rrset(rr.getName(), Type.NS).stream().allMatch(ns -> EditableZone.sameData(ns, rr));
        if (!lastApexNs) {
            zone.deleteRecord(rr);
        }
    }

    /**
     * §3.4.2.2: a CNAME is not added where other data is, nor other data where a CNAME is (RFC 1034 §3.6.2); the
     * DNSSEC records that may sit beside a CNAME (RFC 4035 §2.5) do not count.
     */
    private static boolean meetsCname(Record rr, EditableZone zone) {
        if (isDnssec(rr.getType())) {
            return false;
        }
        if (rr.getType() == Type.CNAME) {
            return zone.types(rr.getName()).stream().anyMatch(t -> t != Type.CNAME && !isDnssec(t));
        }
        return !zone.rrset(rr.getName(), Type.CNAME).isEmpty();
    }

    private static boolean isDnssec(int type) {
        return EditableZone.SIGNER_TYPES.contains(type);
    }
}
