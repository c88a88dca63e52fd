package dev.jdns.authoritative;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * {@code ZONE=ADDR[@PORT][,ADDR[@PORT]]...[,key:NAME]}: servers that a zone's messages go to or come from,
 * with the TSIG key to sign with. The form of {@code --notify} (and of {@code --secondary}, which reuses it).
 * Addresses are literal IPs ({@code ADDR@PORT} as in Unbound's forward-addr): no name is resolved.
 */
public record ZoneServers(Name zone, List<InetSocketAddress> servers, Optional<Name> key) {

    public static final int DNS_PORT = 53;
    private static final String KEY_PREFIX = "key:";

    public ZoneServers {
        servers = List.copyOf(servers);
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no server address for " + zone);
        }
    }

    public static ZoneServers parse(String text) {
        int equals = text.indexOf('=');
        if (equals <= 0) {
            throw new IllegalArgumentException("expected ZONE=ADDR[@PORT][,...][,key:NAME], got '" + text + "'");
        }
        Name zone = name(text.substring(0, equals));
        List<InetSocketAddress> servers = new ArrayList<>();
        Optional<Name> key = Optional.empty();
        for (String part : text.substring(equals + 1).split(",")) {
            String item = part.trim();
            if (item.startsWith(KEY_PREFIX)) {
                key = Optional.of(name(item.substring(KEY_PREFIX.length())));
            } else {
                servers.add(address(item));
            }
        }
        return new ZoneServers(zone, servers, key);
    }

    private static InetSocketAddress address(String text) {
        int at = text.lastIndexOf('@');
        String host = at < 0 ? text : text.substring(0, at);
        int port = DNS_PORT;
        if (at >= 0) {
            try {
                port = Integer.parseInt(text.substring(at + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad port in '" + text + "'");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range in '" + text + "'");
            }
        }
        if (!host.matches("[0-9a-fA-F:.]+") || !(host.contains(".") || host.contains(":"))) {
            throw new IllegalArgumentException("expected an IP address, got '" + host + "'");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad IP address '" + host + "'");
        }
    }

    private static Name name(String text) {
        try {
            return Name.fromString(text, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("bad name '" + text + "': " + e.getMessage());
        }
    }
}
