package dev.jdns.authoritative.catalog;

import dev.jdns.authoritative.LoadedZone;
import dev.jdns.authoritative.RecordSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * The member zones a catalog zone (RFC 9432) lists: one per {@code <unique-id>.zones.<catalog>} name holding
 * exactly one PTR, whose target is the member's name. The catalog comes from a primary, so it is untrusted input:
 * whatever it holds, reading it never throws, and what does not make a member is skipped with a reason.
 *
 * <p>Skipped (RFC 9432 §4.1): a unique ID whose PTR RRset has more than one record, a unique ID with no PTR,
 * properties below a unique ID ({@code group}, {@code coo} and others are not implemented), a member naming the
 * catalog or a name inside it, and a member listed under a second unique ID (§5, a name clash: the lowest ID in
 * canonical order keeps it). Refused whole (§4.2.1): a catalog without exactly one {@code version} TXT record
 * reading "2", and one listing more than {@link #MAX_MEMBERS} members.
 */
public record CatalogMembers(Name catalog, Map<Name, String> idsByMember, List<String> skipped) {

    /** Most members one catalog may list; more and the catalog is not applied (memory and threads are bounded). */
    public static final int MAX_MEMBERS = 10_000;

    /** The catalog schema version this server implements (RFC 9432 §4.2.1). */
    static final String VERSION = "2";

    /** A catalog that must not be applied at all, and why. */
    public static final class Unusable extends Exception {
        Unusable(String reason) {
            super(reason);
        }
    }

    public CatalogMembers {
        idsByMember = Collections.unmodifiableMap(new TreeMap<>(idsByMember));
        skipped = List.copyOf(skipped);
    }

    /**
     * The members {@code zone} lists.
     *
     * @throws Unusable when its version is not "2" or it lists more than {@link #MAX_MEMBERS} members
     */
    public static CatalogMembers read(LoadedZone zone) throws Unusable {
        Name catalog = zone.origin();
        checkVersion(zone);
        Name zones = child(catalog, "zones").orElseThrow(() -> new Unusable("the catalog name is too long"));
        Map<String, Name> membersById = new TreeMap<>(); // canonical (lower-case) order of IDs
        List<String> skipped = new ArrayList<>();
        for (Name owner : zone.owners()) {
            if (owner.labels() != zones.labels() + 1 || !owner.subdomain(zones)) {
                continue; // the apex, version, properties, or names the schema does not define: none is a member
            }
            memberAt(zone, owner, skipped).ifPresent(member ->
                    membersById.put(owner.getLabelString(0).toLowerCase(Locale.ROOT), member));
            if (membersById.size() > MAX_MEMBERS) {
                throw new Unusable("more than " + MAX_MEMBERS + " members");
            }
        }
        Map<Name, String> idsByMember = new TreeMap<>();
        membersById.forEach((id, member) -> {
            String first = idsByMember.putIfAbsent(member, id);
            if (first != null) {
                skipped.add("member " + member + " under ID " + id + " is already listed under ID " + first);
            }
        });
        return new CatalogMembers(catalog, idsByMember, skipped);
    }

    /** The member named at {@code owner}, a unique ID's name; empty (and why in {@code skipped}) when none. */
    private static Optional<Name> memberAt(LoadedZone zone, Name owner, List<String> skipped) {
        Optional<RecordSet> ptr = zone.rrset(owner, Type.PTR);
        if (ptr.isEmpty()) {
            skipped.add(owner + ": no PTR, not a member");
            return Optional.empty();
        }
        if (ptr.get().size() != 1) {
            skipped.add(owner + ": " + ptr.get().size() + " PTR records, the member is ignored (RFC 9432 §4.1)");
            return Optional.empty();
        }
        Name member = ((PTRRecord) ptr.get().first()).getTarget();
        if (member.subdomain(zone.origin())) {
            skipped.add(owner + ": member " + member + " is inside the catalog itself");
            return Optional.empty();
        }
        return Optional.of(member);
    }

    /** RFC 9432 §4.2.1: exactly one TXT record at {@code version.<catalog>}, whose one string is "2". */
    private static void checkVersion(LoadedZone zone) throws Unusable {
        Optional<Name> name = child(zone.origin(), "version");
        Optional<RecordSet> version = name.flatMap(n -> zone.rrset(n, Type.TXT));
        if (version.isEmpty()) {
            throw new Unusable("no version property (TXT at version." + zone.origin() + ")");
        }
        if (version.get().size() != 1) {
            throw new Unusable("the version property has " + version.get().size() + " records, not one");
        }
        List<String> strings = ((TXTRecord) version.get().first()).getStrings();
        if (!strings.equals(List.of(VERSION))) {
            throw new Unusable("schema version " + strings + " is not the version implemented, \"" + VERSION + "\"");
        }
    }

    /** {@code labels} (relative, dot-separated) below {@code parent}; empty when the result is too long. */
    static Optional<Name> child(Name parent, String labels) {
        try {
            return Optional.of(Name.concatenate(Name.fromConstantString(labels), parent));
        } catch (org.xbill.DNS.NameTooLongException e) {
            return Optional.empty();
        }
    }
}
