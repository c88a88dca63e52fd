package dev.jdns.resolver.policy;

import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;

/**
 * A policy zone's rule for one name.
 *
 * @param zone    the policy zone's origin
 * @param trigger the trigger that matched, the policy origin removed (an exact name or a {@code *.} wildcard)
 * @param action  what to do
 * @param soa     the policy zone's SOA, for the authority section of a negative answer (RFC 2308 §3)
 */
public record PolicyMatch(Name zone, Name trigger, PolicyAction action, SOARecord soa) {}
