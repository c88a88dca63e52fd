package dev.jdns.cli;

import dev.jdns.authoritative.ZoneServers;
import dev.jdns.resolver.core.ConfiguredZone;
import dev.jdns.resolver.core.ConfiguredZones;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code jdns resolver}'s forward and stub zones: {@code ZONE=ADDR[@PORT][,ADDR[@PORT]]...}, as Unbound writes its
 * forward-addr and stub-addr. Addresses are literals: resolving a server's name at start would need the resolver
 * that is starting.
 */
final class ConfiguredZoneOptions {

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

    /**
     * Parses {@code ZONE=ADDR[@PORT][,...]} into a zone of {@code kind}, with the syntax {@code --notify} uses
     * ({@link ZoneServers}); a {@code key:NAME} there has no meaning for a forward or stub zone.
     */
    static ConfiguredZone parse(ConfiguredZone.Kind kind, String text) {
        ZoneServers parsed;
        try {
            parsed = ZoneServers.parse(text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
        if (parsed.key().isPresent()) {
            throw new TypeConversionException("'" + text + "': a TSIG key is not used for forward or stub zones");
        }
        return new ConfiguredZone(parsed.zone(), kind, parsed.servers());
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
