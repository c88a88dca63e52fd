package dev.jdns.resolver.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Type;

/**
 * What a response policy zone says to do with a name it triggers on, read from the records at the trigger
 * (draft-vixie-dnsop-dns-rpz: a CNAME to one of the special names below, or local data).
 */
public sealed interface PolicyAction {

    /** {@code CNAME .}: the name does not exist. */
    record NxDomain() implements PolicyAction {}

    /** {@code CNAME *.}: the name exists without data of any type. */
    record NoData() implements PolicyAction {}

    /** {@code CNAME rpz-passthru.}: resolve as usual; later policy zones are not consulted for the name. */
    record Passthru() implements PolicyAction {}

    /** {@code CNAME rpz-drop.}: send no reply at all. */
    record Drop() implements PolicyAction {}

    /** {@code CNAME rpz-tcp-only.}: over UDP a truncated reply (TC=1) sends the client to TCP, where it resolves. */
    record TcpOnly() implements PolicyAction {}

    /**
     * Any other RRsets: answered instead of the real data, owners rewritten to the question name. A CNAME among
     * them (alone, as RFC 1034 §3.6.2 requires) rewrites the name: its target is resolved as usual.
     *
     * @param rrsets by type
     */
    record LocalData(Map<Integer, RRset> rrsets) implements PolicyAction {
        public LocalData {
            rrsets = Map.copyOf(rrsets);
        }

        /** The rewrite target, when the local data is a CNAME. */
        public Optional<Name> cnameTarget() {
            RRset cname = rrsets.get(Type.CNAME);
            return cname == null ? Optional.empty()
                    : Optional.of(((CNAMERecord) cname.first()).getTarget());
        }
    }

    /** Special CNAME targets (the draft's encoding of the actions other than local data), relative to the root. */
    Name NXDOMAIN_TARGET = Name.root;
    Name NODATA_TARGET = Name.fromConstantString("*.");
    Name PASSTHRU_TARGET = Name.fromConstantString("rpz-passthru.");
    Name DROP_TARGET = Name.fromConstantString("rpz-drop.");
    Name TCP_ONLY_TARGET = Name.fromConstantString("rpz-tcp-only.");

    /**
     * The action {@code rrsets} at a trigger stand for: a lone CNAME to a special name is that action, anything
     * else is local data.
     */
    static PolicyAction of(List<RRset> rrsets) {
        Objects.requireNonNull(rrsets, "rrsets");
        if (rrsets.size() == 1 && rrsets.getFirst().getType() == Type.CNAME) {
            Name target = ((CNAMERecord) rrsets.getFirst().first()).getTarget();
            if (target.equals(NXDOMAIN_TARGET)) {
                return new NxDomain();
            }
            if (target.equals(NODATA_TARGET)) {
                return new NoData();
            }
            if (target.equals(PASSTHRU_TARGET)) {
                return new Passthru();
            }
            if (target.equals(DROP_TARGET)) {
                return new Drop();
            }
            if (target.equals(TCP_ONLY_TARGET)) {
                return new TcpOnly();
            }
        }
        Map<Integer, RRset> byType = new LinkedHashMap<>();
        rrsets.forEach(rrset -> byType.put(rrset.getType(), rrset));
        return new LocalData(byType);
    }

    /** A word for logs and traces: nxdomain, nodata, passthru, drop, tcp-only, local-data, cname. */
    default String describe() {
        return switch (this) {
            case NxDomain nx -> "nxdomain";
            case NoData nd -> "nodata";
            case Passthru p -> "passthru";
            case Drop d -> "drop";
            case TcpOnly t -> "tcp-only";
            case LocalData data -> data.cnameTarget().map(target -> "cname " + target).orElse("local-data");
        };
    }
}
