package dev.jdns.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * A listen address could not be bound. The message is one line naming the address, the protocol and the
 * reason ("cannot listen on 127.0.0.1:53/udp: permission denied"), fit for a CLI to print as it is.
 */
public final class ListenException extends IOException {

    private final InetSocketAddress address;

    /** @param cause an I/O error, or a runtime failure to set a socket up (a receiver's native memory, say) */
    ListenException(InetSocketAddress address, String protocol, Exception cause) {
        super("cannot listen on " + describe(address) + "/" + protocol + ": " + reason(cause), cause);
        this.address = address;
    }

    /** The address as requested (port 0 when an ephemeral port was asked for). */
    public InetSocketAddress address() {
        return address;
    }

    private static String describe(InetSocketAddress address) {
        String host = address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
        return host.contains(":") ? "[" + host + "]:" + address.getPort() : host + ":" + address.getPort();
    }

    /** The OS reason in lower case ("address already in use", "permission denied"), without JDK decoration. */
    private static String reason(Exception cause) {
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        int detail = message.indexOf(" (");
        String reason = detail > 0 ? message.substring(0, detail) : message;
        return reason.toLowerCase(Locale.ROOT);
    }
}
