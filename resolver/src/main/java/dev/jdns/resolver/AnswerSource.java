package dev.jdns.resolver;

import org.xbill.DNS.Name;

/**
 * Where a resolution's answer came from, so that whoever sends it can tell how long it stays true without watching
 * how it was found: the front end keeps a reply for reuse only when it came from the cache alone.
 */
public sealed interface AnswerSource {

    AnswerSource HOSTS = new Hosts();
    AnswerSource UPSTREAM = new Upstream();
    AnswerSource CLOSEST_CUT = new ClosestCut();
    AnswerSource ALIASES = new Aliases();
    AnswerSource STALE = new Stale();

    /** The hosts file: its TTLs are fixed, and it holds until the file changes. */
    record Hosts() implements AnswerSource {}

    /**
     * The answer cache, for the question itself (data, NXDOMAIN, NODATA, or a remembered failure).
     *
     * @param remainingSeconds how long a reply made of it may be given again: until the cached data expires
     *                         (RFC 1035 §3.2.1), and with prefetch until its last tenth, where a hit must reach
     *                         the resolver
     */
    record Cache(long remainingSeconds) implements AnswerSource {}

    /**
     * Data past its TTL, because upstream failed or was too slow (serve-stale, RFC 8767): never reused by the front
     * end, since the next query may find fresh data.
     */
    record Stale() implements AnswerSource {}

    /** Iteration: upstream servers were asked, or an identical question in flight was waited for. */
    record Upstream() implements AnswerSource {}

    /** No recursion desired and nothing cached: a referral to the closest zone cut known (RFC 1034 §4.3.1). */
    record ClosestCut() implements AnswerSource {}

    /** An alias chain: several names, each with its own source and lifetime, restarting at the hosts file. */
    record Aliases() implements AnswerSource {}

    /**
     * A response policy zone decided (RPZ, {@code --rpz}): local data, NXDOMAIN or NODATA for the question, or a
     * reply withheld.
     *
     * @param zone        the policy zone's origin
     * @param disposition what the front end sends
     */
    record Policy(Name zone, Disposition disposition) implements AnswerSource {

        /** What becomes of the reply. */
        public enum Disposition {
            /** The resolution's rcode and sections, as for any answer. */
            ANSWER,
            /** Nothing at all (the rpz-drop action). */
            DROP,
            /** An empty reply with TC=1, so the client asks again over TCP (the rpz-tcp-only action over UDP). */
            TRUNCATE
        }
    }
}
