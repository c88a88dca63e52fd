package dev.jdns.authoritative;

import java.net.InetSocketAddress;
import java.util.Optional;
import org.xbill.DNS.Name;

/** Where a NOTIFY goes, and the TSIG key it is signed with (none: unsigned). */
public record NotifyTarget(InetSocketAddress address, Optional<Name> key) {

    @Override
    public String toString() {
        return address.getAddress().getHostAddress() + "@" + address.getPort() + key.map(k -> " key " + k).orElse("");
    }
}
