package dev.jdns.resolver.cache;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import org.xbill.DNS.Name;

/**
 * A zone cut as the delegation cache knows it.
 *
 * @param zone       the zone whose servers these are
 * @param servers    its NS names with their known addresses, in the order they were learned
 * @param trust      where the NS set came from (a parent's referral, or the child's own apex NS)
 * @param ttlSeconds what is left of the NS set's TTL
 */
public record Delegation(Name zone, List<NameServer> servers, Trust trust, long ttlSeconds) {

    public Delegation {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(trust, "trust");
        servers = List.copyOf(servers);
    }

    /** Every known address of every server, without duplicates. */
    public List<InetAddress> addresses() {
        return servers.stream().flatMap(server -> server.addresses().stream()).distinct().toList();
    }

    /** NS names that still need an address lookup (glueless delegation). */
    public List<Name> namesWithoutAddresses() {
        return servers.stream().filter(server -> !server.hasAddresses()).map(NameServer::name).toList();
    }
}
