package dev.jdns.authoritative;

import dev.jdns.authoritative.DifferentialQueries.Question;
import dev.jdns.authoritative.DifferentialQueries.Transport;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSEC3PARAMRecord;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.utils.base32;

/**
 * The questions of the signed-zone differential, asked of every zone of {@link SignedZones}, grouped by the proof
 * they call for. Every question goes over UDP with EDNS both without and with DO; every third also with DO over
 * TCP; those marked "small" also with DO and a 512-octet payload, where the signed reply does not fit.
 */
final class SignedDifferentialQueries {

    /** "name TYPE [small]" per line; Z stands for the zone's origin (without the final dot). */
    private static final String QUESTIONS = """
            # signed answers, DNSSEC types asked for as data
            Z SOA
            Z NS
            Z DNSKEY
            Z NSEC3PARAM
            Z MX
            www.Z A small
            WWW.Z AAAA
            multi.Z A
            www.Z RRSIG
            www.Z NSEC
            Z NSEC
            # NODATA, empty non-terminals, NXDOMAIN
            www.Z MX small
            exists.wild.Z AAAA
            ent.Z A
            b.ent.Z TXT
            wild.Z A
            nothing.Z A small
            deep.nothing.Z AAAA
            zzz.Z A
            0.Z A
            x.b.ent.Z A
            x.leaf.b.ent.Z A
            # wildcards: answer, two labels deep, NODATA, the wildcard itself, a wildcard CNAME
            foo.wild.Z A small
            foo.wild.Z TXT
            a.b.wild.Z A
            foo.wild.Z AAAA
            *.wild.Z A
            host.wcname.Z A
            host.wcname.Z CNAME
            # CNAME chains and DNAME
            alias.Z A
            alias.Z CNAME
            alias2.Z AAAA
            outside.Z A
            to-nx.Z A
            dname.Z DNAME
            x.dname.Z A
            y.dname.Z A
            # delegations: unsigned (in-zone and out-of-zone NS), signed (DS in the parent)
            insecure.Z NS small
            host.insecure.Z A
            insecure.Z DS
            far.Z A
            far.Z DS
            secure.Z NS small
            host.secure.Z A
            secure.Z DS
            # a signed answer larger than the client takes
            big.Z TXT
            # the owner of www's NSEC3 (RFC 5155 §7.2.8: NSEC3 owners are not names of the zone), NSEC3 zones only
            H(www).Z A
            H(www).Z NSEC3
            H(nothing).Z NSEC3
            """;

    private SignedDifferentialQueries() {}

    /** The owner of {@code name}'s NSEC3 in {@code zone}: SHA-1, no salt, no extra iterations, as SignedZones signs. */
    private static String nsec3Owner(String name, String zone) {
        try {
            Name origin = Name.fromString(zone, Name.root);
            NSEC3PARAMRecord parameters = new NSEC3PARAMRecord(origin, DClass.IN, 0, NSEC3Record.SHA1_DIGEST_ID, 0, 0,
                    new byte[0]);
            String hash = new base32(base32.Alphabet.BASE32HEX, false, true)
                    .toString(parameters.hashName(Name.fromString(name, Name.root)));
            return hash + "." + zone;
        } catch (TextParseException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every question for each zone {@code origins} (absolute, with the final dot). */
    static List<Question> forZones(List<String> origins) {
        List<String> lines = QUESTIONS.lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        List<Question> out = new ArrayList<>();
        for (String origin : origins) {
            String zone = origin.substring(0, origin.length() - 1);
            for (int i = 0; i < lines.size(); i++) {
                String[] parts = lines.get(i).split("\\s+");
                if (parts[0].startsWith("H(") && !zone.contains("nsec3")) {
                    continue;
                }
                String name = parts[0].equals("Z") ? zone : parts[0].replaceAll("\\.Z$", "." + zone);
                if (name.startsWith("H(")) {
                    name = nsec3Owner(name.substring(2, name.indexOf(')')) + "." + zone, zone);
                }
                out.add(new Question(name, parts[1], Transport.UDP_EDNS));
                out.add(new Question(name, parts[1], Transport.UDP_DO));
                if (i % 3 == 0) {
                    out.add(new Question(name, parts[1], Transport.TCP_DO));
                }
                if (parts.length > 2 && parts[2].equals("small")) {
                    out.add(new Question(name, parts[1], Transport.UDP_DO_512));
                }
            }
        }
        return out;
    }
}
