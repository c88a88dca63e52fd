package dev.jdns.resolver.policy;

import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * One parsed response policy zone: its QNAME triggers, each with its rule. Immutable.
 *
 * <p>Precedence inside one zone (draft-vixie-dnsop-dns-rpz): an exact trigger before a wildcard, and
 * among wildcards the one closest to the name. {@code *.example.com} matches every name below example.com, not
 * example.com itself (as wildcards do, RFC 4592 §2.1.1).
 *
 * @param exact     trigger name (canonical, the policy origin removed) -> its rule
 * @param wildcards the parent of each wildcard trigger ({@code example.com.} for {@code *.example.com}) -> its rule
 */
public record PolicyZone(Name origin, Map<Name, PolicyMatch> exact, Map<Name, PolicyMatch> wildcards) {

    public PolicyZone {
        exact = Map.copyOf(exact);
        wildcards = Map.copyOf(wildcards);
    }

    /** This zone's rule for {@code name}, if it has one. */
    public Optional<PolicyMatch> match(Name name) {
        Name key = name.canonicalize();
        PolicyMatch rule = exact.get(key);
        for (int strip = 1; rule == null && strip < key.labels(); strip++) {
            rule = wildcards.get(new Name(key, strip));
        }
        return Optional.ofNullable(rule);
    }

    /** Triggers in the zone. */
    public int size() {
        return exact.size() + wildcards.size();
    }
}
