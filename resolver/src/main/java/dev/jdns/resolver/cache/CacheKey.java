package dev.jdns.resolver.cache;

import org.xbill.DNS.Name;

/**
 * What the answer cache is keyed by: owner name lower-cased (RFC 4343: names compare case-insensitively), type and
 * class. A name-wide entry (NXDOMAIN) uses {@link #WHOLE_NAME}, which is type 0, reserved and never queried
 * (RFC 6895 §3.1).
 */
record CacheKey(Name name, int type, int dclass) {

    static final int WHOLE_NAME = 0;

    static CacheKey of(Name name, int type, int dclass) {
        return new CacheKey(name.canonicalize(), type, dclass);
    }

    static CacheKey wholeName(Name name, int dclass) {
        return of(name, WHOLE_NAME, dclass);
    }
}
