package dev.jdns.cli;

import org.xbill.DNS.SimpleResolver;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.xbill.DNS.Address;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses {@code ADDR:PORT}, {@code [V6ADDR]:PORT}, a bare {@code ADDR} (port 53) or a bare {@code :PORT}
 * (127.0.0.1). Only literal addresses: a listen address never triggers a DNS lookup.
 */
final class ListenAddressConverter implements ITypeConverter<InetSocketAddress> {

    /** {@code listen}, or 127.0.0.1:53 when no --listen was given (servers are local unless asked otherwise). */
    static List<InetSocketAddress> orDefault(List<InetSocketAddress> listen) {
        if (!listen.isEmpty()) {
            return listen;
        }
        return List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), SimpleResolver.DEFAULT_PORT));
    }

    @Override
    public InetSocketAddress convert(String text) {
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new TypeConversionException("'" + text + "': missing ']'");
            }
            host = text.substring(1, close);
            port = text.length() > close + 1 && text.charAt(close + 1) == ':' ? text.substring(close + 2) : null;
        } else if (text.indexOf(':') != text.lastIndexOf(':')) {
            host = text; // a bare IPv6 address
            port = null;
        } else {
            int colon = text.indexOf(':');
            host = colon < 0 ? text : text.substring(0, colon);
            port = colon < 0 ? null : text.substring(colon + 1);
        }
        return new InetSocketAddress(address(host.isEmpty() ? "127.0.0.1" : host, text), port(port, text));
    }

    private static InetAddress address(String host, String whole) {
        try {
            return Address.getByAddress(host);
        } catch (UnknownHostException e) {
            throw new TypeConversionException("'" + whole + "' is not ADDRESS:PORT with a literal address");
        }
    }

    private static int port(String text, String whole) {
        if (text == null) {
            return SimpleResolver.DEFAULT_PORT;
        }
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new TypeConversionException("'" + whole + "': port must be 0-65535");
    }
}
