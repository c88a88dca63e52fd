package dev.jdns.resolver.core;

import dev.jdns.resolver.cache.Delegation;
import dev.jdns.resolver.cache.NameServer;
import dev.jdns.resolver.cache.Trust;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Master;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * Where iteration starts when nothing closer is known: the root's NS names and their addresses, read from a file in
 * named.root format (RFC 1035 master file syntax). The IANA file is embedded as the default; {@code --root-hints}
 * points the resolver at a simulated root instead.
 */
public final class RootHints {

    static final String EMBEDDED_RESOURCE = "named.root";

    /** How dnsjava names a stream in its syntax errors ("<none>:line: reason"). */
    private static final String STREAM_NAME = "<none>:";

    private final Delegation root;

    private RootHints(Delegation root) {
        this.root = root;
    }

    /** The IANA root hints shipped in the jar. */
    public static RootHints embedded() {
        try (InputStream in = RootHints.class.getResourceAsStream(EMBEDDED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("root hints resource " + EMBEDDED_RESOURCE + " missing from the jar");
            }
            return parse(new Master(in, Name.root), "embedded " + EMBEDDED_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the embedded root hints", e);
        }
    }

    /**
     * Reads a named.root-format file.
     *
     * @throws IOException when it cannot be read or parsed, or names no root server with an address
     */
    public static RootHints load(Path file) throws IOException {
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new IOException("root hints file " + file + " does not exist", e);
        }
        try (in) {
            return parse(new Master(in, Name.root), file.toString());
        }
    }

    /** Every error, dnsjava's unchecked ones included, becomes an IOException that names {@code source}. */
    private static RootHints parse(Master master, String source) throws IOException {
        List<Record> records = new ArrayList<>();
        try (master) {
            for (Record record = master.nextRecord(); record != null; record = master.nextRecord()) {
                records.add(record);
            }
        } catch (IOException | RuntimeException e) {
            // Not only IllegalArgumentException: on some malformed text Master throws others (fuzzing found
            // StringIndexOutOfBoundsException for a line of empty quoted strings).
            throw new IOException(located(source, e), e);
        }
        return fromRecords(records, source);
    }

    /**
     * "source:line: reason". dnsjava prefixes its syntax errors with "name:line: ", and the name of a stream is
     * "<none>"; other errors carry no line.
     */
    private static String located(String source, Exception e) {
        String message = String.valueOf(e.getMessage());
        return message.startsWith(STREAM_NAME) ? source + message.substring(STREAM_NAME.length() - 1)
                : source + ": " + message;
    }

    /**
     * Hints from records already at hand: the root's NS set and the addresses of its names (named.root content,
     * or the reply to a {@code NS .} query, as {@code dig +trace} primes from its server). Other records are
     * ignored.
     *
     * @throws IOException when no root NS name has an address; the message names {@code source}
     */
    public static RootHints fromRecords(List<Record> records, String source) throws IOException {
        List<Name> nsNames = new ArrayList<>();
        Map<Name, List<InetAddress>> addresses = new LinkedHashMap<>();
        long ttl = Long.MAX_VALUE;
        for (Record record : records) {
            switch (record) {
                case NSRecord ns when ns.getName().equals(Name.root) -> {
                    nsNames.add(ns.getTarget());
                    ttl = Math.min(ttl, ns.getTTL());
                }
                case ARecord a -> addresses.computeIfAbsent(a.getName(), n -> new ArrayList<>()).add(a.getAddress());
                case AAAARecord aaaa ->
                        addresses.computeIfAbsent(aaaa.getName(), n -> new ArrayList<>()).add(aaaa.getAddress());
                default -> { } // named.root holds nothing else that matters for priming
            }
        }
        List<NameServer> servers = nsNames.stream()
                .map(name -> new NameServer(name, addresses.getOrDefault(name, List.of())))
                .filter(NameServer::hasAddresses)
                .toList();
        if (servers.isEmpty()) {
            throw new IOException(source + ": no root NS record with an address");
        }
        return new RootHints(new Delegation(Name.root, servers, Trust.AUTHORITATIVE_AUTHORITY, ttl));
    }

    /** The root zone cut these hints describe. */
    public Delegation rootDelegation() {
        return root;
    }

    public List<NameServer> servers() {
        return root.servers();
    }
}
