package dev.jdns.resolver.core;

import dev.jdns.transport.Protocol;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * One step of a resolution, with the data a trace printer needs. Emitted in the order the steps happen, on the
 * thread that resolves.
 */
public sealed interface ResolutionEvent {

    /** The hosts file owns the name; {@code records} empty means NODATA. */
    record HostsHit(Question question, List<Record> records) implements ResolutionEvent {}

    /**
     * A response policy zone has a rule for the name; {@code action} is nxdomain, nodata, passthru, drop, tcp-only,
     * local-data or "cname TARGET". {@code decided}: the policy answered or withheld the reply; otherwise (passthru,
     * tcp-only over TCP) the lookup goes on to the cache.
     */
    record PolicyHit(Question question, Name zone, Name trigger, String action, boolean decided)
            implements ResolutionEvent {}

    /** The answer cache knew the question; {@code what} is positive, alias, NXDOMAIN, NODATA or SERVFAIL. */
    record CacheHit(Question question, String what, long remainingTtl) implements ResolutionEvent {}

    record CacheMiss(Question question) implements ResolutionEvent {}

    /** Where iteration starts: a cached zone cut (the primed root's included), or the root hints themselves. */
    record StartingPoint(Question question, Name zone, boolean fromRootHints) implements ResolutionEvent {}

    /**
     * One reply received and classified; {@code reply} is the message as received, before scrubbing (a trace
     * prints its records and its size, {@link Message#numBytes()}). {@code address} is the server's address as the
     * delegation gives it, {@code server} the socket actually asked: they differ when upstream sockets are mapped
     * (the lab's simulated addresses).
     */
    record UpstreamReply(Name zone, Name serverName, InetAddress address, InetSocketAddress server,
            Question question, int rcode,
            ReplyKind kind, Duration rtt, Protocol transport, Message reply) implements ResolutionEvent {}

    /**
     * One server could not be asked or did not answer: timeout, unreachable, malformed reply, or an address the
     * configured upstream sockets do not allow ({@code server} is then null).
     */
    record UpstreamFailure(Name zone, Name serverName, InetAddress address, InetSocketAddress server,
            Question question, String reason) implements ResolutionEvent {}

    /**
     * A failure was remembered (RFC 9520): {@code server} did not answer, or was lame, refused or failed for
     * {@code zone}; or, with {@code server} null, no server of the zone cut gave a usable reply. Nothing is asked of
     * it again for {@code backoff}, which doubles while the failures repeat.
     */
    record FailureRemembered(Name zone, Name serverName, InetSocketAddress server, String what, int failures,
            Duration backoff) implements ResolutionEvent {}

    /**
     * A remembered failure stopped a step: the server (or, with {@code server} null, the zone cut) is not asked,
     * for {@code left} more.
     */
    record FailureCacheHit(Name zone, Name serverName, InetSocketAddress server, Duration left)
            implements ResolutionEvent {}

    /**
     * Every server of the child's own NS set for {@code zone} failed: its parent's NS set and glue, as the referral
     * gave them, are asked instead.
     */
    record ParentSideFallback(Question question, Name zone, List<Name> nameServers) implements ResolutionEvent {}

    /**
     * The root's NS set was primed (RFC 9609): iteration starts from {@code nameServers}, with the addresses the
     * priming reply gave, for {@code ttlSeconds}, instead of from the root hints.
     */
    record RootPrimed(List<Name> nameServers, long ttlSeconds) implements ResolutionEvent {}

    /** A referral was followed from {@code fromZone} down to {@code toZone}. */
    record Referral(Question question, Name fromZone, Name toZone, List<Name> nameServers)
            implements ResolutionEvent {}

    /** An NS name without glue was looked up ({@code addresses} empty when that failed or was refused). */
    record GluelessLookup(Name zone, Name nameServer, int depth, List<InetAddress> addresses, String note)
            implements ResolutionEvent {}

    /** The same question was already being resolved; this query waited for that resolution. */
    record Coalesced(Question question) implements ResolutionEvent {}

    /** An alias was followed: the pipeline starts again, at the hosts file, for {@code target}. */
    record AliasRestart(Question from, Name target, int hop) implements ResolutionEvent {}

    /**
     * Data past its TTL answered the question (serve-stale, RFC 8767): upstream failed or did not answer within the
     * client response timer ({@code why}); {@code what} is positive, alias, NXDOMAIN or NODATA.
     */
    record StaleAnswer(Question question, String what, String why) implements ResolutionEvent {}

    /**
     * A cache hit in the last tenth of the data's TTL started a refresh in the background (prefetch); the client
     * has its answer from the cache without waiting for it.
     */
    record Prefetch(Question question, long remainingTtl) implements ResolutionEvent {}

    /** The client's question is answered; {@code failure} says why when the rcode is SERVFAIL. */
    record Outcome(Question question, int rcode, int answerRecords, String failure) implements ResolutionEvent {}
}
