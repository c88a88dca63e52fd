package dev.jdns.resolver.iterate;

/**
 * What kind of server a reply came from, which decides how far its word goes. Iteration asks only the servers of
 * zone cuts ({@link #AUTHORITATIVE}); forwarding to a recursive server is the other case, with its own rule for
 * negative answers.
 */
public enum ServerRole {
    /**
     * A server of the zone asked about, queried with RD=0. Only its authoritative word (AA=1) says that a name or a
     * type does not exist: RFC 1035 §4.1.1 makes a Name Error meaningful only from an authoritative server, and
     * RFC 2308 §2.1-2.2 define NXDOMAIN and NODATA as authoritative answers. Without AA the server does not hold
     * the zone (lame) or answers from a cache it was never meant to be asked about, so the reply is neither
     * believed nor cached.
     */
    AUTHORITATIVE,
    /**
     * A recursive server the resolver forwards to, queried with RD=1. It answers from its own cache or resolution,
     * without AA, and a negative answer it gives carries the SOA as RFC 2308 §6 prescribes: believed as it comes.
     */
    FORWARDER;

    /** Whether a negative answer (NXDOMAIN, or NOERROR without the data) in {@code reply} may be believed. */
    public boolean vouchesForNegative(ScrubbedReply reply) {
        return this == FORWARDER || reply.authoritative();
    }
}
