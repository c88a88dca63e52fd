package dev.jdns.cli;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --listen ADDR:PORT}, repeatable, defaulting to 127.0.0.1:53: shared by the server commands. */
final class ListenOptions {

    @Option(names = "--listen", paramLabel = "ADDR:PORT", converter = ListenAddressConverter.class,
            description = "Address and port to listen on, UDP and TCP; repeatable (default: 127.0.0.1:53).")
    List<InetSocketAddress> listen = new ArrayList<>();

    /** The addresses given, or the default. */
    List<InetSocketAddress> addresses() {
        return ListenAddressConverter.orDefault(listen);
    }
}
