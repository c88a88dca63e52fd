package dev.jdns.cli.dig.trust;

import dev.jdns.cli.dig.trust.DsDenial.Kind;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import org.xbill.DNS.utils.base32;

/**
 * Reads what the parent's signed NSEC or NSEC3 records, in the reply to a DS question, say about that name: an
 * unsigned delegation (NS without DS and SOA in the bitmap, RFC 4035 §5.2 and RFC 5155 §8.9), an opt-out span
 * (RFC 5155 §8.6), or a name inside the zone that is no cut. NSEC3 hashes the name once per parameter set, and not
 * at all above {@code maxIterations} (RFC 9276 §3.2).
 */
final class DenialOfDs {

    private static final base32 BASE32HEX = new base32(base32.Alphabet.BASE32HEX, false, false);

    private final SignatureVerifier signatures;
    private final int maxIterations;

    DenialOfDs(SignatureVerifier signatures, int maxIterations) {
        this.signatures = signatures;
        this.maxIterations = maxIterations;
    }

    /** What {@code reply} (authority records with their RRSIGs) proves about {@code name}'s DS in {@code zone}. */
    DsDenial read(Name name, List<Record> reply, Name zone, List<DNSKEYRecord> zoneKeys) {
        for (Record record : reply) {
            Optional<Kind> kind = switch (record) {
                case NSECRecord nsec -> nsec(name, nsec);
                case NSEC3Record nsec3 -> nsec3(name, nsec3, zone);
                default -> Optional.empty();
            };
            if (kind.isPresent()) {
                SignatureCheck signature = signatures.check(List.of(record), SignatureVerifier.over(record, reply),
                        zoneKeys, zone);
                return new DsDenial(name, kind.get(), Optional.of(record), Optional.of(signature));
            }
        }
        return new DsDenial(name, Kind.UNPROVEN, Optional.empty(), Optional.empty());
    }

    /** An NSEC at the name (its bitmap says), or one covering it (the name does not exist: no cut). */
    private static Optional<Kind> nsec(Name name, NSECRecord nsec) {
        if (nsec.getName().equals(name)) {
            return Optional.of(bitmap(nsec.hasType(Type.NS), nsec.hasType(Type.DS), nsec.hasType(Type.SOA)));
        }
        boolean wraps = nsec.getNext().compareTo(nsec.getName()) <= 0;
        boolean after = nsec.getName().compareTo(name) < 0;
        boolean before = name.compareTo(nsec.getNext()) < 0;
        return (after && (before || wraps)) ? Optional.of(Kind.NOT_A_CUT) : Optional.empty();
    }

    private Optional<Kind> nsec3(Name name, NSEC3Record nsec3, Name zone) {
        if (nsec3.getIterations() > maxIterations) {
            return Optional.of(Kind.TOO_MANY_ITERATIONS);
        }
        String hash;
        try {
            hash = BASE32HEX.toString(nsec3.hashName(name)).toUpperCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            return Optional.empty(); // an unknown hash: this record proves nothing here
        }
        if (!nsec3.getName().subdomain(zone) || nsec3.getName().labels() != zone.labels() + 1) {
            return Optional.empty(); // RFC 5155 §3: the owner is the hash, one label under the zone
        }
        String owner = nsec3.getName().getLabelString(0).toUpperCase(Locale.ROOT);
        if (owner.equals(hash)) {
            return Optional.of(bitmap(nsec3.hasType(Type.NS), nsec3.hasType(Type.DS), nsec3.hasType(Type.SOA)));
        }
        // base32hex keeps the order of the bytes it encodes (RFC 4648 §7), so the hashes compare as text.
        String next = BASE32HEX.toString(nsec3.getNext()).toUpperCase(Locale.ROOT);
        boolean wraps = next.compareTo(owner) <= 0;
        boolean covered = owner.compareTo(hash) < 0 && (hash.compareTo(next) < 0 || wraps)
                || wraps && hash.compareTo(next) < 0;
        if (!covered) {
            return Optional.empty();
        }
        boolean optOut = (nsec3.getFlags() & NSEC3Record.Flags.OPT_OUT) != 0;
        return Optional.of(optOut ? Kind.OPT_OUT : Kind.NOT_A_CUT);
    }

    /** RFC 4035 §5.2: NS and no DS at a name that is no apex (no SOA) is an unsigned delegation. */
    private static Kind bitmap(boolean ns, boolean ds, boolean soa) {
        return ns && !ds && !soa ? Kind.UNSIGNED_DELEGATION : Kind.NOT_A_CUT;
    }
}
