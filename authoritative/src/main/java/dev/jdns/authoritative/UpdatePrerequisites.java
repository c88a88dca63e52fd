package dev.jdns.authoritative;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The prerequisite section of an UPDATE (RFC 2136 §2.4, checked as §3.2 says): each record, in order, either
 * fails the update with its own rcode or holds; the value-dependent ones (class IN) are compared as whole RRsets
 * once all the others hold.
 */
final class UpdatePrerequisites {

    private UpdatePrerequisites() {}

    /** NOERROR when every prerequisite holds in {@code zone}, else the rcode of the first that does not. */
    static int check(List<Record> prerequisites, EditableZone zone) {
        Map<List<Object>, List<Record>> valueDependent = new LinkedHashMap<>();
        for (Record rr : prerequisites) {
            if (rr.getTTL() != 0) {
                return Rcode.FORMERR; // §3.2.1
            }
            if (!rr.getName().subdomain(zone.origin())) {
                return Rcode.NOTZONE;
            }
            int rcode = switch (rr.getDClass()) {
                case DClass.ANY -> mustExist(rr, zone);
                case DClass.NONE -> mustNotExist(rr, zone);
                case DClass.IN -> collect(rr, valueDependent);
                default -> Rcode.FORMERR;
            };
            if (rcode != Rcode.NOERROR) {
                return rcode;
            }
        }
        for (List<Record> expected : valueDependent.values()) {
            Record first = expected.getFirst();
            if (!sameRecords(expected, zone.rrset(first.getName(), first.getType()))) {
                return Rcode.NXRRSET; // §3.2.3: the RRset differs, or is not there
            }
        }
        return Rcode.NOERROR;
    }

    /** §2.4.1 "RRset exists (value independent)" and §2.4.4 "name is in use": rdata must be empty (§3.2.1). */
    private static int mustExist(Record rr, EditableZone zone) {
        if (hasData(rr) || !askable(rr.getType())) {
            return Rcode.FORMERR;
        }
        if (rr.getType() == Type.ANY) {
            return zone.nameInUse(rr.getName()) ? Rcode.NOERROR : Rcode.NXDOMAIN;
        }
        return zone.rrset(rr.getName(), rr.getType()).isEmpty() ? Rcode.NXRRSET : Rcode.NOERROR;
    }

    /** §2.4.3 "RRset does not exist" and §2.4.5 "name is not in use". */
    private static int mustNotExist(Record rr, EditableZone zone) {
        if (hasData(rr) || !askable(rr.getType())) {
            return Rcode.FORMERR;
        }
        if (rr.getType() == Type.ANY) {
            return zone.nameInUse(rr.getName()) ? Rcode.YXDOMAIN : Rcode.NOERROR;
        }
        return zone.rrset(rr.getName(), rr.getType()).isEmpty() ? Rcode.NOERROR : Rcode.YXRRSET;
    }

    /** §2.4.2 "RRset exists (value dependent)": gathered per name and type, compared at the end. */
    private static int collect(Record rr, Map<List<Object>, List<Record>> valueDependent) {
        if (!Type.isRR(rr.getType()) || !hasData(rr)) {
            return Rcode.FORMERR;
        }
        valueDependent.computeIfAbsent(List.of(rr.getName(), rr.getType()), k -> new ArrayList<>()).add(rr);
        return Rcode.NOERROR;
    }

    /** Types a prerequisite may name: any real type, or ANY (not AXFR, IXFR, MAILA, MAILB, OPT, TSIG, TKEY). */
    private static boolean askable(int type) {
        return type == Type.ANY || Type.isRR(type);
    }

    /** RDLENGTH above zero; dnsjava reads a record of an UPDATE with RDLENGTH 0 as one without data. */
    static boolean hasData(Record rr) {
        return rr.rdataToWireCanonical().length > 0;
    }

    /** The same set of data, duplicates and order aside. */
    private static boolean sameRecords(List<Record> expected, List<Record> actual) {
        return !actual.isEmpty()
                && expected.stream().allMatch(e -> actual.stream().anyMatch(a -> EditableZone.sameData(a, e)))
                && actual.stream().allMatch(a -> expected.stream().anyMatch(e -> EditableZone.sameData(a, e)));
    }
}
