package dev.jdns.cli.lab;

import java.util.Optional;
import org.xbill.DNS.ExtendedErrorCodeOption;

/**
 * The zones {@code jdns lab --dnssec} adds to show what a validator reports: one per way a chain of trust breaks
 * (each bogus, SERVFAIL with its RFC 8914 Extended DNS Error unless the client sets CD), and one unsigned child of a
 * signed parent, insecure on purpose (RFC 4035 section 5.2: the parent proves there is no DS).
 */
public enum DnssecCase {
    EXPIRED("expired", "every signature expired", ExtendedErrorCodeOption.SIGNATURE_EXPIRED),
    DS_WITHOUT_KEY("badds", "the parent's DS matches none of the zone's keys", ExtendedErrorCodeOption.DNSKEY_MISSING),
    MISSING_RRSIG("nosig", "www's A record has no RRSIG", ExtendedErrorCodeOption.RRSIGS_MISSING),
    UNSIGNED("unsigned", "unsigned, its signed parent proves there is no DS", -1);

    private final String label;
    private final String shows;
    private final int extendedError;

    DnssecCase(String label, String shows, int extendedError) {
        this.label = label;
        this.shows = shows;
        this.extendedError = extendedError;
    }

    /** The zone's first label, under the signed parent the lab picks ("expired" in expired.example.com). */
    public String label() {
        return label;
    }

    /** What is wrong with the zone, for people. */
    public String shows() {
        return shows;
    }

    /** The Extended DNS Error a validator answers with; empty for the insecure zone, which validates as insecure. */
    public Optional<Integer> extendedError() {
        return extendedError < 0 ? Optional.empty() : Optional.of(extendedError);
    }

    /** What a validating resolver answers for the zone's {@code www}, for people. */
    public String verdict() {
        return extendedError().map(code -> "SERVFAIL with EDE " + code + "; +cdflag gets the data")
                .orElse("NOERROR without AD: insecure, on purpose");
    }
}
