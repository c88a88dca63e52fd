package dev.jdns.cli.dig;

import dev.jdns.resolver.core.UpstreamSockets;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code --upstream-map FILE}: which socket really serves each name-server address, so {@code +trace} and
 * {@code +explain} can walk a simulated internet (jdns lab) whose servers have public-looking addresses but listen
 * on loopback. One mapping a line: {@code ADDRESS SOCKET}, where SOCKET is {@code IP:PORT}, {@code [IPv6]:PORT}
 * or a bare {@code PORT} (same address, that port). '#' or ';' starts a comment. Addresses not listed are never
 * contacted.
 */
final class UpstreamMapFile {

    private UpstreamMapFile() {
    }

    static UpstreamSockets load(Path file) throws IOException {
        Map<InetAddress, InetSocketAddress> map = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).replaceAll("[#;].*", "").strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split("\\s+");
            String where = file + ":" + (i + 1) + ": ";
            if (fields.length != 2) {
                throw new IOException(where + "expected 'ADDRESS SOCKET', got '" + line + "'");
            }
            InetAddress address = literal(fields[0], where);
            map.put(address, socket(address, fields[1], where));
        }
        if (map.isEmpty()) {
            throw new IOException(file + ": no mapping in the file");
        }
        return UpstreamSockets.mapped(map);
    }

    private static InetSocketAddress socket(InetAddress address, String text, String where) throws IOException {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            return new InetSocketAddress(address, port(text, where));
        }
        String host = text.substring(0, colon).replaceAll("^\\[|]$", "");
        return new InetSocketAddress(literal(host, where), port(text.substring(colon + 1), where));
    }

    /** An IP literal only: a map file never causes a name lookup. */
    private static InetAddress literal(String text, String where) throws IOException {
        if (!text.matches("[0-9a-fA-F.:]+")) {
            throw new IOException(where + "not an IP address: " + text);
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IOException(where + "not an IP address: " + text);
        }
    }

    private static int port(String text, String where) throws IOException {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IOException(where + "not a port: " + text);
    }
}
