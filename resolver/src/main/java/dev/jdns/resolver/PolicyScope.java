package dev.jdns.resolver;

import dev.jdns.transport.Protocol;

/**
 * Whether the response policy ({@code --rpz}) applies to a resolution, and over which transport the client asked
 * (a TCP-only rule truncates over UDP and lets TCP through). The resolver's own lookups (the validator's DS and
 * DNSKEY fetches, a trace) are not rewritten: the policy is for what clients are told.
 */
public enum PolicyScope {
    /** No policy: the data as the hosts file, the cache and the servers give it. */
    NONE,
    UDP_CLIENT,
    TCP_CLIENT;

    /** The scope of a client's query that arrived over {@code transport}. */
    public static PolicyScope clientOver(Protocol transport) {
        return transport == Protocol.TCP ? TCP_CLIENT : UDP_CLIENT;
    }
}
