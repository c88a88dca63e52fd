package dev.jdns.resolver.cache;

/**
 * How much cached data is believed, lowest first (RFC 2181 §5.4.1). Data may replace cached data of equal or lower
 * trust only, so glue never overwrites what an authoritative server said in its answer section.
 */
public enum Trust {
    /** Additional section: glue and other addresses a server volunteered. Never returned as an answer. */
    ADDITIONAL,
    /** Authority section of a non-authoritative reply: the NS set of a referral (parent side of the cut). */
    REFERRAL,
    /** Answer section of a reply without AA (a server answering from its own cache). */
    NON_AUTHORITATIVE_ANSWER,
    /** Authority section of an authoritative reply: the zone's own NS set, the SOA of a negative answer. */
    AUTHORITATIVE_AUTHORITY,
    /** Answer section of an authoritative reply (AA=1). */
    AUTHORITATIVE_ANSWER;

    /** Whether data of this trust may be sent to a client as an answer (RFC 2181 §5.4.1, last paragraph). */
    public boolean answerGrade() {
        return compareTo(NON_AUTHORITATIVE_ANSWER) >= 0;
    }

    public boolean atLeast(Trust other) {
        return compareTo(other) >= 0;
    }
}
