package dev.jdns.resolver.cache;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import org.xbill.DNS.Name;

/**
 * One NS name of a zone cut and the addresses known for it so far (empty when it came without glue and has not
 * been resolved yet).
 */
public record NameServer(Name name, List<InetAddress> addresses) {

    public NameServer {
        Objects.requireNonNull(name, "name");
        addresses = List.copyOf(addresses);
    }

    public static NameServer withoutAddresses(Name name) {
        return new NameServer(name, List.of());
    }

    public boolean hasAddresses() {
        return !addresses.isEmpty();
    }
}
