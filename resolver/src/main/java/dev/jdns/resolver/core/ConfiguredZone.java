package dev.jdns.resolver.core;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import org.xbill.DNS.Name;

/**
 * A zone the operator sends somewhere other than where the root's delegations lead ({@code --forward},
 * {@code --stub}): questions at or below {@code zone} go to {@code servers}, in the order of their measured round
 * trip, the next one when one fails. The servers are the operator's word, not data from the network, so
 * {@link DoNotQuery} does not apply to them (a resolver on 127.0.0.1, Docker's embedded DNS on 127.0.0.11); it
 * still applies to every address learnt from their replies.
 *
 * @param zone    the zone
 * @param kind    forward (recursive servers, RD=1) or stub (authoritative servers, RD=0)
 * @param servers address and port of each server, in the order given
 */
public record ConfiguredZone(Name zone, Kind kind, List<InetSocketAddress> servers) {

    public enum Kind {
        /**
         * Recursive servers answer for the whole zone: each question goes to them with RD=1, and what they say is
         * final (a negative answer without AA included, RFC 2308 §6), as Unbound's forward-zone.
         */
        FORWARD,
        /**
         * Authoritative servers of the zone, for a zone the root does not delegate (a corporate or test zone):
         * iteration starts at them instead of at the closest cut known, as Unbound's stub-zone.
         */
        STUB
    }

    public ConfiguredZone {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(kind, "kind");
        servers = List.copyOf(servers);
        if (!zone.isAbsolute()) {
            throw new IllegalArgumentException("zone name must be absolute: " + zone);
        }
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no server for " + kind.name().toLowerCase() + " zone " + zone);
        }
    }
}
