package dev.jdns.authoritative.dnssec;

import java.util.Locale;

/**
 * How a signed zone proves that a name or type does not exist: the {@code --dnssec-denial} values.
 *
 * <p>NSEC3 parameters are fixed by RFC 9276 section 3.1: SHA-1, no extra iterations, empty salt, which is what
 * validators accept without penalty; more iterations or a salt only cost resolvers work.
 */
public enum Denial {
    /** NSEC chain, RFC 4034 section 4 / RFC 4035 section 2.3. */
    NSEC,
    /** NSEC3 chain, RFC 5155 section 7.1, over every delegation. */
    NSEC3,
    /** NSEC3 with opt-out: unsigned delegations are left out of the chain (RFC 5155 section 6). */
    NSEC3_OPT_OUT;

    /** The flag's spelling: {@code nsec}, {@code nsec3}, {@code nsec3-opt-out}. */
    public String flagValue() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Denial fromFlag(String value) {
        for (Denial denial : values()) {
            if (denial.flagValue().equalsIgnoreCase(value.trim())) {
                return denial;
            }
        }
        throw new IllegalArgumentException("expected nsec, nsec3 or nsec3-opt-out, not '" + value + "'");
    }
}
