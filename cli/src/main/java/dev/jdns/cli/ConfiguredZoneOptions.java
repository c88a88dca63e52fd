package dev.jdns.cli;

import dev.jdns.resolver.core.ConfiguredZone;
import dev.jdns.resolver.core.ConfiguredZones;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Address;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code jdns resolver}'s forward and stub zones: {@code ZONE=ADDR[@PORT][,ADDR[@PORT]]...}, as Unbound writes its
 * forward-addr and stub-addr. Addresses are literals: resolving a server's name at start would need the resolver
 * that is starting.
 */
final class ConfiguredZoneOptions {

    private static final int DNS_PORT = 53;

    @Option(names = "--forward", paramLabel = "ZONE=ADDR[@PORT][,...]", converter = ForwardConverter.class,
            description = "Send questions at or below ZONE to these recursive resolvers (RD=1), fastest first, the"
                    + " next when one fails; '.' forwards everything. Repeatable; the longest matching --forward or"
                    + " --stub zone wins.")
    List<ConfiguredZone> forwards = new ArrayList<>();

    @Option(names = "--stub", paramLabel = "ZONE=ADDR[@PORT][,...]", converter = StubConverter.class,
            description = "Iterate for names at or below ZONE starting at these authoritative servers (RD=0), for"
                    + " zones the root does not delegate. Repeatable.")
    List<ConfiguredZone> stubs = new ArrayList<>();

    @Option(names = "--forward-first",
            description = "When no forwarder gives a usable reply, iterate from the root instead of answering"
                    + " SERVFAIL (Unbound's forward-first).")
    boolean forwardFirst;

    /**
     * @throws IllegalArgumentException when one zone is configured twice
     */
    ConfiguredZones zones() {
        List<ConfiguredZone> all = new ArrayList<>(forwards);
        all.addAll(stubs);
        return all.isEmpty() && !forwardFirst ? ConfiguredZones.NONE : new ConfiguredZones(all, forwardFirst);
    }

    /** Parses {@code ZONE=ADDR[@PORT][,...]} into a zone of {@code kind}. */
    static ConfiguredZone parse(ConfiguredZone.Kind kind, String text) {
        int equals = text.indexOf('=');
        if (equals <= 0 || equals == text.length() - 1) {
            throw new TypeConversionException("expected ZONE=ADDR[@PORT][,...], got '" + text + "'");
        }
        Name zone;
        try {
            zone = Name.fromString(text.substring(0, equals), Name.root);
        } catch (TextParseException e) {
            throw new TypeConversionException("not a zone name: '" + text.substring(0, equals) + "'");
        }
        List<InetSocketAddress> servers = new ArrayList<>();
        for (String server : text.substring(equals + 1).split(",", -1)) {
            servers.add(server(server));
        }
        return new ConfiguredZone(zone, kind, servers);
    }

    private static InetSocketAddress server(String text) {
        int at = text.lastIndexOf('@');
        String address = at < 0 ? text : text.substring(0, at);
        int port = DNS_PORT;
        if (at >= 0) {
            try {
                port = Integer.parseInt(text.substring(at + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65_535) {
                throw new TypeConversionException("not a port: '" + text.substring(at + 1) + "' in '" + text + "'");
            }
        }
        try {
            // A literal only: Address.getByAddress never looks a name up.
            InetAddress parsed = Address.getByAddress(address);
            return new InetSocketAddress(parsed, port);
        } catch (UnknownHostException e) {
            throw new TypeConversionException("not an IP address: '" + address + "'");
        }
    }

    static final class ForwardConverter implements ITypeConverter<ConfiguredZone> {
        @Override
        public ConfiguredZone convert(String text) {
            return parse(ConfiguredZone.Kind.FORWARD, text);
        }
    }

    static final class StubConverter implements ITypeConverter<ConfiguredZone> {
        @Override
        public ConfiguredZone convert(String text) {
            return parse(ConfiguredZone.Kind.STUB, text);
        }
    }
}
