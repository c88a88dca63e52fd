package dev.jdns.cli.dig.trust;

import java.util.Optional;

/**
 * A DNSSEC verdict (RFC 4035 §4.3) with its reason, and for a bogus one the Extended DNS Error code that names the
 * failure (RFC 8914 §4).
 *
 * @param security      secure, insecure, bogus, or indeterminate (no trust anchor covers the name)
 * @param extendedError the RFC 8914 code, when the reason has one
 * @param reason        one sentence: what was proven, or what broke
 */
public record Verdict(Security security, Optional<Integer> extendedError, String reason) {

    /** RFC 4035 §4.3's four states. */
    public enum Security {
        SECURE, INSECURE, BOGUS, INDETERMINATE
    }

    public static Verdict secure(String reason) {
        return new Verdict(Security.SECURE, Optional.empty(), reason);
    }

    public static Verdict insecure(String reason) {
        return new Verdict(Security.INSECURE, Optional.empty(), reason);
    }

    public static Verdict bogus(int extendedError, String reason) {
        return new Verdict(Security.BOGUS, Optional.of(extendedError), reason);
    }

    public static Verdict indeterminate(String reason) {
        return new Verdict(Security.INDETERMINATE, Optional.empty(), reason);
    }

    public boolean secure() {
        return security == Security.SECURE;
    }
}
