package dev.jdns.cli.dig.trust;

import org.xbill.DNS.ExtendedErrorCodeOption;

/** The bogus verdict a failed signature check gives, with the Extended DNS Error that names it (RFC 8914 §4). */
final class SignatureReasons {

    private SignatureReasons() {
    }

    /** {@code what} (e.g. "the DNSKEY set of lab.") failed {@code check}. */
    static Verdict bogus(String what, SignatureCheck check) {
        String by = check.signature().map(sig -> " (RRSIG by " + sig.getSigner() + " key " + sig.getFootprint()
                + ", valid " + sig.getTimeSigned() + " to " + sig.getExpire() + ")").orElse("");
        int code = switch (check.result()) {
            case EXPIRED -> ExtendedErrorCodeOption.SIGNATURE_EXPIRED;
            case NOT_YET_VALID -> ExtendedErrorCodeOption.SIGNATURE_NOT_YET_VALID;
            case MISSING -> ExtendedErrorCodeOption.RRSIGS_MISSING;
            case NO_MATCHING_KEY -> ExtendedErrorCodeOption.DNSKEY_MISSING;
            default -> ExtendedErrorCodeOption.DNSSEC_BOGUS;
        };
        String text = check.result() == SignatureCheck.Result.MISSING ? what + " has no RRSIG"
                : what + ": signature " + check.result().text() + by;
        return Verdict.bogus(code, text);
    }
}
