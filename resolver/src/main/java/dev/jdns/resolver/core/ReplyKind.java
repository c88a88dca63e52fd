package dev.jdns.resolver.core;

/**
 * The label of a classified upstream reply, as traces and the explain output show it. The iterator acts on its own
 * sealed outcome of classification, one type per action; this enum only names that outcome for observers.
 */
public enum ReplyKind {
    /** The data asked for is in the answer section. */
    ANSWER,
    /** The name asked is an alias (a CNAME at the query name). */
    CNAME,
    /** An ancestor of the name asked is redirected (RFC 6672): a DNAME above the query name. */
    DNAME,
    /** The server delegates to servers of a zone below the one asked, toward the query name. */
    REFERRAL,
    /** The name does not exist, said by a server that can vouch for it ({@link ServerRole}). */
    NXDOMAIN,
    /** The name exists without data of the type (no answer, no referral; vouched for as NXDOMAIN is). */
    NODATA,
    /**
     * The server is not authoritative for the zone it was asked about: no answer and no downward referral, or a
     * negative answer without AA.
     */
    LAME,
    /** An rcode other than NOERROR/NXDOMAIN (SERVFAIL, REFUSED, FORMERR, NOTIMP, ...). */
    ERROR
}
