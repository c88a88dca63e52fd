package dev.jdns.cli.dig;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.xbill.DNS.ResolverConfig;

/**
 * The server to query and how dig names it: {@code @SERVER} (an address, or a host name looked up as dig does),
 * else the first nameserver of /etc/resolv.conf (dnsjava {@link ResolverConfig}), else 127.0.0.1.
 *
 * @param socket the address and port queried
 * @param label  the name shown in {@code ;; SERVER: ADDR#PORT(label)}: the server as typed, or its address
 */
record ServerChoice(InetSocketAddress socket, String label) {

    static ServerChoice of(DigRequest request) throws UnknownHostException {
        if (request.server().isPresent()) {
            String given = request.server().get();
            InetAddress address = InetAddress.getByName(given);
            return new ServerChoice(new InetSocketAddress(address, request.portOrDefault()), given);
        }
        InetSocketAddress configured = ResolverConfig.getCurrentConfig().server();
        InetAddress address = configured != null ? configured.getAddress() : InetAddress.getLoopbackAddress();
        return new ServerChoice(new InetSocketAddress(address, request.portOrDefault()), address.getHostAddress());
    }

    /** {@code ADDR#PORT(label)}. */
    String describe() {
        return SocketText.of(socket) + "(" + label + ")";
    }
}
