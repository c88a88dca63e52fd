package dev.jdns.resolver.iterate;

/**
 * How the iterator talks to authoritative servers.
 *
 * @param dnssecOk          ask every server for DNSSEC records (DO=1) and keep them with the data: what a validator
 *                          on top of the iterator needs (RFC 4035 §4.1)
 * @param qnameMinimisation show each server only the part of the name it needs to refer onward (RFC 9156), as
 *                          Unbound, Knot Resolver and BIND do by default
 */
public record IterationOptions(boolean dnssecOk, boolean qnameMinimisation) {

    /** No DNSSEC records; QNAME minimisation on. */
    public static final IterationOptions DEFAULTS = new IterationOptions(false, true);

    public IterationOptions withDnssecOk(boolean keep) {
        return new IterationOptions(keep, qnameMinimisation);
    }

    public IterationOptions withQnameMinimisation(boolean minimise) {
        return new IterationOptions(dnssecOk, minimise);
    }
}
