package dev.jdns.cli;

import dev.jdns.transport.RateLimit;
import dev.jdns.transport.ResponseLimiter;
import dev.jdns.transport.ResponseRateLimiter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Response rate limiting for {@code jdns serve}, named after Knot DNS's settings. On by default at NSD's
 * defaults (200 a second, slip 2): an authoritative server answers anyone, and without a limit any of its replies
 * can be reflected at a spoofed victim many times the size of the query. A real resolver seldom asks one server
 * the same question 200 times a second from one network, and when it does, every second limited reply tells it to
 * retry over TCP, which is never limited.
 */
final class RateLimitOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--rate-limit", paramLabel = "N", defaultValue = "200",
            description = "Response rate limiting: UDP replies a second to one client network for the same name and "
                    + "kind of reply (NXDOMAIN counted per zone, errors per network); 0 turns it off "
                    + "(default: ${DEFAULT-VALUE}). TCP is never limited.")
    int perSecond;

    @Option(names = "--rate-limit-slip", paramLabel = "N", defaultValue = "2",
            description = "Of the replies over the limit, every Nth goes out truncated (TC, so real clients retry "
                    + "over TCP) and the rest are dropped; 0 drops all, 1 truncates all (default: ${DEFAULT-VALUE}).")
    int slip;

    @Option(names = "--rate-limit-ipv4-prefix", paramLabel = "LENGTH", defaultValue = "24",
            description = "IPv4 clients in one network of this prefix length count as one (default: ${DEFAULT-VALUE}).")
    int ipv4PrefixLength;

    @Option(names = "--rate-limit-ipv6-prefix", paramLabel = "LENGTH", defaultValue = "56",
            description = "IPv6 clients in one network of this prefix length count as one (default: ${DEFAULT-VALUE}).")
    int ipv6PrefixLength;

    @Option(names = "--rate-limit-table-size", paramLabel = "BUCKETS", defaultValue = "65536",
            description = "Counters in the rate limiter's fixed table, 8 bytes each; colliding clients share one "
                    + "(default: ${DEFAULT-VALUE}).")
    int tableSize;

    /** The limiter these options ask for ({@link ResponseLimiter#NONE} with {@code --rate-limit 0}). */
    ResponseLimiter limiter() {
        try {
            return ResponseRateLimiter.of(new RateLimit(perSecond, slip, ipv4PrefixLength, ipv6PrefixLength,
                    tableSize));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(mixee.commandLine(), "rate limiting: " + e.getMessage());
        }
    }
}
