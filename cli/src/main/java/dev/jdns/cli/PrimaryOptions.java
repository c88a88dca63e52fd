package dev.jdns.cli;

import dev.jdns.authoritative.AccessPolicy;
import dev.jdns.authoritative.Acl;
import dev.jdns.authoritative.NotifySender;
import dev.jdns.authoritative.NotifyTarget;
import dev.jdns.authoritative.PrimaryRole;
import dev.jdns.authoritative.UpdateJournal;
import dev.jdns.authoritative.ZoneCatalog;
import dev.jdns.authoritative.ZoneJournal;
import dev.jdns.authoritative.ZoneServers;
import dev.jdns.authoritative.ZoneStore;
import dev.jdns.authoritative.catalog.CatalogProducer;
import dev.jdns.authoritative.tsig.TsigKey;
import dev.jdns.authoritative.tsig.TsigKeyFile;
import dev.jdns.authoritative.tsig.TsigKeyring;
import dev.jdns.transport.client.DnsClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.Name;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The flags of {@code jdns serve} as a primary: TSIG keys, who may transfer/notify/update, NOTIFY, the journal. */
final class PrimaryOptions {

    @Option(names = "--key", paramLabel = "NAME:ALGORITHM:BASE64", converter = KeyConverter.class,
            description = "A TSIG key (RFC 8945; hmac-sha256, hmac-sha512 or hmac-sha1); repeatable.")
    List<TsigKey> keys = new ArrayList<>();

    @Option(names = "--key-file", paramLabel = "FILE",
            description = "TSIG keys in the form tsig-keygen writes (key \"NAME\" { algorithm ...; secret \"...\"; };);"
                    + " repeatable.")
    List<Path> keyFiles = new ArrayList<>();

    @Option(names = "--allow-transfer", paramLabel = "ACL", converter = AclEntryConverter.class,
            description = "Who may AXFR/IXFR: CIDR, key:NAME, CIDR+key:NAME or none; repeatable, any entry admits"
                    + " (default: nobody).")
    List<Acl.Entry> allowTransfer = new ArrayList<>();

    @Option(names = "--allow-notify", paramLabel = "ACL", converter = AclEntryConverter.class,
            description = "Who may send NOTIFY for --secondary zones: CIDR, key:NAME, CIDR+key:NAME or none;"
                    + " repeatable (default: each zone's primaries, with its key).")
    List<Acl.Entry> allowNotify = new ArrayList<>();

    @Option(names = "--allow-update", paramLabel = "ZONE=ACL", converter = UpdateConverter.class,
            description = "Who may send dynamic updates (RFC 2136) to ZONE: CIDR, key:NAME, CIDR+key:NAME or none;"
                    + " repeatable (default: nobody). Needs --state-dir: updates are journaled there before the"
                    + " reply and replayed over the zone file at start.")
    List<Map.Entry<Name, Acl.Entry>> allowUpdate = new ArrayList<>();

    @Option(names = "--notify", paramLabel = "ZONE=ADDR[@PORT][,...][,key:NAME]", converter = NotifyConverter.class,
            description = "Also send NOTIFY for ZONE to these servers (RFC 1996), signed with key NAME if given;"
                    + " repeatable. NS addresses the transfer ACL admits by address are notified too.")
    List<ZoneServers> notify = new ArrayList<>();

    @Option(names = "--catalog-generate", paramLabel = "ZONE", converter = ZoneNameConverter.class,
            description = "Serve a catalog zone ZONE (RFC 9432, version \"2\") listing every zone served from a"
                    + " zone file, for secondaries to pick the zones up: its serial rises and NOTIFY goes to its"
                    + " --notify targets when a reload adds or removes a zone. Transferred as --allow-transfer says.")
    Optional<Name> catalogGenerate = Optional.empty();

    /** The generated catalog, its first version in {@code store}; none without --catalog-generate. */
    Optional<CatalogProducer> catalogProducer(ZoneStore store) throws IOException {
        try {
            Optional<CatalogProducer> producer = catalogGenerate.map(
                    zone -> new CatalogProducer(zone, store, InstantSource.system()));
            producer.ifPresent(p -> {
                p.start();
                store.addChangeListener(p);
            });
            return producer;
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The keys of every --key and --key-file, and the ACLs; a key file or key name problem is an IOException. */
    AccessPolicy accessPolicy() throws IOException {
        List<TsigKey> all = new ArrayList<>(keys);
        for (Path file : keyFiles) {
            all.addAll(TsigKeyFile.read(file));
        }
        Map<Name, Acl> update = new LinkedHashMap<>();
        allowUpdate.forEach(e -> update.merge(e.getKey(), new Acl(List.of(e.getValue())),
                (a, b) -> new Acl(concat(a.entries(), b.entries()))));
        try {
            TsigKeyring keyring = TsigKeyring.of(all);
            for (ZoneServers servers : notify) {
                servers.key().filter(k -> keyring.key(k).isEmpty()).ifPresent(k -> {
                    throw new IllegalArgumentException("unknown TSIG key " + k + " in --notify " + servers.zone());
                });
            }
            return new AccessPolicy(keyring, new Acl(allowTransfer), new Acl(allowNotify), update);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The IXFR journal: in {@code stateDir} (serve's --state-dir), durably, or in memory when there is none. */
    static ZoneJournal journal(Path stateDir, ZoneCatalog serving) throws IOException {
        return stateDir == null ? ZoneJournal.inMemory() : ZoneJournal.open(stateDir, serving);
    }

    /**
     * The journal of dynamic updates, when any zone takes them; updates must survive a crash, so they need
     * {@code stateDir}.
     */
    Optional<UpdateJournal> updateJournal(Path stateDir) throws IOException {
        if (allowUpdate.isEmpty()) {
            return Optional.empty();
        }
        if (stateDir == null) {
            throw new IOException("--allow-update needs --state-dir, where updates are journaled before they are"
                    + " acknowledged");
        }
        Set<Name> zones = new HashSet<>();
        allowUpdate.forEach(e -> zones.add(e.getKey()));
        return Optional.of(new UpdateJournal(stateDir, zones));
    }

    PrimaryRole primaryRole(AccessPolicy access, ZoneJournal journal, List<InetSocketAddress> own,
            NotifySender sender) {
        Map<Name, List<NotifyTarget>> targets = new LinkedHashMap<>();
        for (ZoneServers servers : notify) {
            List<NotifyTarget> list = targets.computeIfAbsent(servers.zone(), z -> new ArrayList<>());
            servers.servers().forEach(address -> list.add(new NotifyTarget(address, servers.key())));
        }
        return new PrimaryRole(journal, sender, targets, access.allowTransfer(), new HashSet<>(own));
    }

    NotifySender notifySender(TsigKeyring keys) {
        return new NotifySender(new DnsClient(), keys, NotifySender.DEFAULT_FIRST_RETRY);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    static final class KeyConverter implements ITypeConverter<TsigKey> {
        @Override
        public TsigKey convert(String text) {
            try {
                return TsigKey.parse(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class AclEntryConverter implements ITypeConverter<Acl.Entry> {
        @Override
        public Acl.Entry convert(String text) {
            try {
                return Acl.Entry.parse(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class UpdateConverter implements ITypeConverter<Map.Entry<Name, Acl.Entry>> {
        @Override
        public Map.Entry<Name, Acl.Entry> convert(String text) {
            int equals = text.indexOf('=');
            if (equals <= 0) {
                throw new TypeConversionException("expected ZONE=ACL, got '" + text + "'");
            }
            try {
                Name zone = Name.fromString(text.substring(0, equals), Name.root);
                return Map.entry(zone, Acl.Entry.parse(text.substring(equals + 1)));
            } catch (IOException | IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class ZoneNameConverter implements ITypeConverter<Name> {
        @Override
        public Name convert(String text) {
            try {
                return Name.fromString(text, Name.root);
            } catch (IOException e) {
                throw new TypeConversionException("bad zone name '" + text + "': " + e.getMessage());
            }
        }
    }

    static final class NotifyConverter implements ITypeConverter<ZoneServers> {
        @Override
        public ZoneServers convert(String text) {
            try {
                return ZoneServers.parse(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
