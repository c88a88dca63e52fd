package dev.jdns.cli.dig;

import org.xbill.DNS.SimpleResolver;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** dig's way of writing a server socket: {@code ADDRESS#PORT}. */
final class SocketText {

    private SocketText() {
    }

    static String of(InetSocketAddress socket) {
        return socket.getAddress().getHostAddress() + "#" + socket.getPort();
    }

    /**
     * The server as the delegation names it: the socket asked when that is on the server's own address, else the
     * address on the DNS port ({@code 172.30.53.10#53} in the lab, whose servers really run on loopback sockets).
     */
    static String from(InetAddress address, InetSocketAddress socket) {
        return socket.getAddress().equals(address) ? of(socket) : address.getHostAddress() + "#" + SimpleResolver.DEFAULT_PORT;
    }

    /** {@code ", via 127.0.0.1#45313"} when {@code socket} is not the server's own address, else nothing. */
    static String via(InetAddress address, InetSocketAddress socket) {
        return socket.getAddress().equals(address) ? "" : ", via " + of(socket);
    }

    /** {@code ADDRESS#PORT} of the socket when it is the server's own address, else the address and the socket. */
    static String server(InetAddress address, InetSocketAddress socket) {
        return from(address, socket) + via(address, socket);
    }
}
