package dev.jdns.cli.dig;

import dev.jdns.resolver.cache.FailureCache;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.xbill.DNS.Name;

/** How +explain and +trace name what the resolver's failure cache remembers (RFC 9520). */
final class FailureText {

    private FailureText() {}

    /** "zone example." for a zone cut, "ns1.example. (192.0.2.1#53) for zone example." for one of its servers. */
    static String subject(Name zone, Name serverName, InetSocketAddress server) {
        if (server == null) {
            return "zone " + zone;
        }
        return serverName + " (" + SocketText.of(server) + ") for zone " + zone;
    }

    static long seconds(Duration duration) {
        return FailureCache.secondsRoundedUp(duration);
    }
}
