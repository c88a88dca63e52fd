package dev.jdns.resolver.cache;

/** What validation concluded about an answer (RFC 4033 §5, RFC 4035 §4.3). */
public enum Security {
    /** A chain of signatures from a trust anchor covers the answer. */
    SECURE,
    /** The answer is provably outside any signed chain (an unsigned delegation, an unsupported algorithm...). */
    INSECURE,
    /** The answer should be signed and is not, or its signatures fail: never given without CD. */
    BOGUS
}
