package dev.jdns.cli.dig.trust;

import java.util.Optional;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * What the parent's NSEC or NSEC3 records say about a name asked for its DS (RFC 4035 §5.2, RFC 5155 §8.6, §8.9).
 *
 * @param name      the name asked for
 * @param kind      what the proof shows
 * @param proof     the NSEC or NSEC3 record that shows it
 * @param signature the parent's RRSIG over that record
 */
public record DsDenial(Name name, Kind kind, Optional<Record> proof, Optional<SignatureCheck> signature) {

    public enum Kind {
        /** A delegation without DS: the child is insecure (NS in the type bitmap, no DS, no SOA). */
        UNSIGNED_DELEGATION("a delegation without DS: the zone below is unsigned"),
        /** An opt-out NSEC3 covers the name: an unsigned delegation may be there (RFC 5155 §6). */
        OPT_OUT("an opt-out NSEC3 covers it: any delegation there is unsigned"),
        /** NSEC3 with more iterations than validators hash: treated as insecure (RFC 9276 §3.2). */
        TOO_MANY_ITERATIONS("NSEC3 iterations above the limit: treated as insecure (RFC 9276)"),
        /** The name is in the zone, not a cut: the walk goes on in the same zone. */
        NOT_A_CUT("not a zone cut: the same zone goes on"),
        /** No NSEC/NSEC3 proves anything about the name. */
        UNPROVEN("no NSEC or NSEC3 record proves that there is no DS");

        private final String text;

        Kind(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    public boolean insecure() {
        return kind == Kind.UNSIGNED_DELEGATION || kind == Kind.OPT_OUT || kind == Kind.TOO_MANY_ITERATIONS;
    }
}
