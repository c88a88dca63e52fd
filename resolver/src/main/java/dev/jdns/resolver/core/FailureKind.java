package dev.jdns.resolver.core;

import org.xbill.DNS.ExtendedErrorCodeOption;

/**
 * Why a resolution failed, in the terms of RFC 8914's Extended DNS Errors, so a SERVFAIL says more than "failed".
 */
public enum FailureKind {
    /**
     * No server of the zone gave a usable reply (timeouts, lame or refusing servers, a delegation remembered as
     * failing, no forwarder answering): RFC 8914 §4.23, No Reachable Authority.
     */
    NO_REACHABLE_AUTHORITY(ExtendedErrorCodeOption.NO_REACHABLE_AUTHORITY),
    /**
     * A failure remembered and given again without a new attempt: the question's SERVFAIL kept for a few seconds,
     * or a zone cut in its RFC 9520 backoff (RFC 8914 §4.14, Cached Error).
     */
    CACHED_ERROR(ExtendedErrorCodeOption.CACHED_ERROR),
    /** Anything else: a work limit reached, an alias loop, an overlong DNAME result (RFC 8914 §4.1, Other). */
    OTHER(ExtendedErrorCodeOption.OTHER);

    private final int code;

    FailureKind(int code) {
        this.code = code;
    }

    /** The Extended DNS Error INFO-CODE. */
    public int code() {
        return code;
    }
}
