package dev.jdns.authoritative.dnssec;

import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSEC3PARAMRecord;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.utils.base32;

/**
 * Builds the NSEC3 chain of a zone for signing (RFC 5155 section 7.1) with the parameters RFC 9276 section 3.1 asks for: SHA-1, no
 * extra iterations, no salt. Every authoritative name, every delegation (unless opt-out leaves an unsigned one
 * out) and every empty non-terminal above them gets an NSEC3 at the hash of its name; the chain runs in hash
 * order and wraps around. The NSEC3PARAM at the apex tells the authoritative server which chain to answer from.
 */
final class Nsec3ChainBuilder {

    private static final int ITERATIONS = 0;
    private static final byte[] NO_SALT = new byte[0];
    private static final base32 BASE32HEX = new base32(base32.Alphabet.BASE32HEX, false, false);

    /** The chain and its parameter record. */
    record Records(List<NSEC3Record> chain, NSEC3PARAMRecord parameters) {}

    private Nsec3ChainBuilder() {}

    static Records of(UnsignedZone zone, boolean optOut) {
        NSEC3PARAMRecord parameters = new NSEC3PARAMRecord(zone.origin(), DClass.IN, zone.negativeTtl(),
                NSEC3Record.SHA1_DIGEST_ID, 0, ITERATIONS, NO_SALT);
        // Hash order is the order of the raw hashes, which base32hex preserves (RFC 5155 section 3.1.7).
        TreeMap<String, Name> byHash = new TreeMap<>();
        Map<Name, byte[]> hashes = new HashMap<>();
        for (Name name : originalOwners(zone, optOut)) {
            byte[] hash = hash(parameters, name);
            String label = label(hash);
            Name collision = byHash.put(label, name);
            if (collision != null) {
                // RFC 5155 section 7.1: a collision means the chain cannot be built with these parameters.
                throw new IllegalStateException("NSEC3 hash collision between " + collision + " and " + name);
            }
            hashes.put(name, hash);
        }
        int flags = optOut ? NSEC3Record.Flags.OPT_OUT : 0;
        List<Name> ordered = new ArrayList<>(byHash.values());
        List<NSEC3Record> chain = new ArrayList<>(ordered.size());
        for (int i = 0; i < ordered.size(); i++) {
            Name name = ordered.get(i);
            byte[] next = hashes.get(ordered.get((i + 1) % ordered.size()));
            chain.add(new NSEC3Record(hashedOwner(zone.origin(), hashes.get(name)), DClass.IN, zone.negativeTtl(),
                    NSEC3Record.SHA1_DIGEST_ID, flags, ITERATIONS, NO_SALT, next, types(zone, name)));
        }
        return new Records(chain, parameters);
    }

    /**
     * The names that get an NSEC3 (RFC 5155 section 7.1): the chain owners, minus unsigned delegations when
     * opting out, plus every empty non-terminal between them and the apex. An empty non-terminal that only leads
     * to opted-out delegations is left out with them.
     */
    private static TreeSet<Name> originalOwners(UnsignedZone zone, boolean optOut) {
        TreeSet<Name> names = new TreeSet<>();
        for (Name owner : zone.chainOwners()) {
            boolean unsignedCut = zone.kind(owner) == UnsignedZone.Kind.CUT && !zone.isSecureCut(owner);
            if (optOut && unsignedCut) {
                continue;
            }
            for (Name n = owner; names.add(n) && !n.equals(zone.origin()); ) {
                n = new Name(n, 1);
            }
        }
        return names;
    }

    /**
     * The types at the original owner name (RFC 5155 section 3.2.1): an empty non-terminal has none; a delegation
     * has NS, and DS with RRSIG when it is signed; an authoritative name has its types and RRSIG, and the apex the
     * NSEC3PARAM too. Unlike NSEC, the NSEC3 type itself is never listed.
     */
    private static int[] types(UnsignedZone zone, Name name) {
        TreeSet<Integer> types = new TreeSet<>();
        UnsignedZone.Kind kind = zone.owners().containsKey(name) ? zone.kind(name) : null;
        if (kind == UnsignedZone.Kind.CUT) {
            types.add(Type.NS);
            if (zone.isSecureCut(name)) {
                types.add(Type.DS);
                types.add(Type.RRSIG);
            }
        } else if (kind == UnsignedZone.Kind.AUTHORITATIVE) {
            types.addAll(zone.owners().get(name).keySet());
            types.add(Type.RRSIG);
            if (name.equals(zone.origin())) {
                types.add(Type.NSEC3PARAM);
            }
        }
        return types.stream().mapToInt(Integer::intValue).toArray();
    }

    private static byte[] hash(NSEC3PARAMRecord parameters, Name name) {
        try {
            return parameters.hashName(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JDK", e);
        }
    }

    /** The base32hex label of a hash, lower case as signers write it (RFC 5155 section 3.3). */
    private static String label(byte[] hash) {
        return BASE32HEX.toString(hash).toLowerCase(Locale.ROOT);
    }

    private static Name hashedOwner(Name origin, byte[] hash) {
        try {
            return Name.concatenate(Name.fromString(label(hash)), origin);
        } catch (TextParseException | NameTooLongException e) {
            throw new IllegalStateException("hashed owner name under " + origin + ": " + e.getMessage(), e);
        }
    }
}
