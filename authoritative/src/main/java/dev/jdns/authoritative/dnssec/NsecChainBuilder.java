package dev.jdns.authoritative.dnssec;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * Builds the NSEC chain of a zone for signing (RFC 4034 section 4, RFC 4035 section 2.3): one NSEC per
 * authoritative name and per delegation point, in canonical order, the last pointing back to the apex. Empty
 * non-terminals get none (they are covered by the NSEC of the name before them), and neither do names below a cut.
 */
final class NsecChainBuilder {

    private NsecChainBuilder() {}

    static List<NSECRecord> of(UnsignedZone zone) {
        List<Name> owners = zone.chainOwners();
        List<NSECRecord> chain = new ArrayList<>(owners.size());
        for (int i = 0; i < owners.size(); i++) {
            Name owner = owners.get(i);
            Name next = owners.get((i + 1) % owners.size());
            chain.add(new NSECRecord(owner, DClass.IN, zone.negativeTtl(), next, types(zone, owner)));
        }
        return chain;
    }

    /**
     * The types present at {@code owner}, with NSEC and RRSIG, which every name in the chain has once signed
     * (RFC 4034 section 4.1.2). At a delegation point only the parent's types count: NS, DS when present,
     * NSEC and RRSIG; glue address records at the cut are the child's (RFC 4035 section 2.3).
     */
    private static int[] types(UnsignedZone zone, Name owner) {
        TreeSet<Integer> types = new TreeSet<>();
        if (zone.kind(owner) == UnsignedZone.Kind.CUT) {
            types.add(Type.NS);
            if (zone.isSecureCut(owner)) {
                types.add(Type.DS);
            }
        } else {
            types.addAll(zone.owners().get(owner).keySet());
        }
        types.add(Type.NSEC);
        types.add(Type.RRSIG);
        return types.stream().mapToInt(Integer::intValue).toArray();
    }
}
