package dev.jdns.cli.dig;

import java.net.InetSocketAddress;

/** dig's way of writing a server socket: {@code ADDRESS#PORT}. */
final class SocketText {

    private SocketText() {
    }

    static String of(InetSocketAddress socket) {
        return socket.getAddress().getHostAddress() + "#" + socket.getPort();
    }
}
