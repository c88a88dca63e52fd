package dev.jdns.authoritative;

import dev.jdns.authoritative.tsig.TsigKey;
import dev.jdns.transport.Cidr;
import dev.jdns.transport.Query;
import dev.jdns.transport.Replies;
import dev.jdns.transport.Response;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The zones this server is a secondary for ({@code --secondary ZONE=ADDR[@PORT][,...][,key:NAME]}): each kept
 * fresh by its own {@link SecondaryZone}, saved under {@code DIR} (the state directory's {@code secondary/}), and
 * NOTIFY (RFC 1996) answered for them. A zone's NOTIFY is accepted from the {@code --allow-notify} ACL when one is
 * given, else from its primaries' addresses (signed with the zone's key when it names one, as the transfers are);
 * from anyone else it is REFUSED, and changes nothing.
 */
public final class SecondaryRole implements SecondaryZones, AutoCloseable {

    private static final Logger LOG = System.getLogger(SecondaryRole.class.getName());

    /** Every secondary zone, catalog members included; read by query threads, changed by catalog updates. */
    private final Map<Name, SecondaryZone> zones = new ConcurrentHashMap<>();
    /** The configured zones (not members), which catalog members may not replace. */
    private final Map<Name, ZoneServers> configured = new LinkedHashMap<>();
    /** Each catalog member's catalog (RFC 9432). */
    private final Map<Name, Name> catalogOfMember = new ConcurrentHashMap<>();
    private final AccessPolicy access;
    private final ZoneStore store;
    private final Path directory;
    private final InstantSource clock;
    private final TransferIn transfers;
    private boolean started; // guarded by this
    private boolean closed; // guarded by this

    /**
     * @param configs   one per zone
     * @param access    the keys (each zone's key must be there) and the NOTIFY ACL
     * @param directory where the copies are saved
     * @throws IllegalArgumentException for a key we do not hold, or a zone named twice
     */
    public SecondaryRole(List<ZoneServers> configs, AccessPolicy access, ZoneStore store, Path directory,
            InstantSource clock, Duration transferTimeout) {
        this.access = access;
        this.store = store;
        this.directory = directory;
        this.clock = clock;
        this.transfers = new TransferIn(transferTimeout);
        for (ZoneServers config : configs) {
            if (configured.putIfAbsent(config.zone(), config) != null) {
                throw new IllegalArgumentException("--secondary " + config.zone() + " given twice");
            }
            zones.put(config.zone(), zone(config));
        }
    }

    private SecondaryZone zone(ZoneServers config) {
        Optional<TsigKey> key = config.key().map(name -> access.keys().key(name).orElseThrow(
                () -> new IllegalArgumentException("unknown TSIG key " + name + " in --secondary "
                        + config.zone() + " (give it with --key or --key-file)")));
        Acl notify = access.allowNotify().entries().isEmpty() ? primaries(config) : access.allowNotify();
        return new SecondaryZone(config, key.map(TsigKey::tsig), notify,
                new SecondaryCopy(directory, config.zone()), transfers, store, clock);
    }

    /** Whether {@code origin} is a configured secondary zone (a catalog must be one). */
    public boolean configured(Name origin) {
        return configured.containsKey(origin);
    }

    /** The members of {@code catalog} now served as secondary zones. */
    public Set<Name> membersOf(Name catalog) {
        Set<Name> members = new TreeSet<>();
        catalogOfMember.forEach((member, of) -> {
            if (of.equals(catalog)) {
                members.add(member);
            }
        });
        return members;
    }

    /**
     * Makes {@code member} of {@code catalog} a secondary zone, transferred from the catalog's primaries with the
     * catalog's key (and its NOTIFY ACL): its saved copy, if any, served at once, then kept fresh on its timers.
     *
     * @return false when the name is already served here otherwise (RFC 9432 §5: the newcomer is ignored)
     */
    public synchronized boolean addMember(Name catalog, Name member) {
        ZoneServers of = configured.get(catalog);
        if (closed || of == null || zones.containsKey(member) || store.get().zone(member).isPresent()) {
            return false;
        }
        SecondaryZone zone = zone(new ZoneServers(member, of.servers(), of.key()));
        zones.put(member, zone);
        catalogOfMember.put(member, catalog);
        zone.restoreSavedCopy();
        if (started) {
            zone.start();
        }
        return true;
    }

    /**
     * Stops serving the catalog member {@code member} (it left its catalog, RFC 9432 §5): its refreshes end, its
     * names are REFUSED from now on, and its saved copy is deleted so a restart does not serve it.
     */
    public synchronized void removeMember(Name member) {
        if (catalogOfMember.remove(member) == null) {
            return;
        }
        SecondaryZone zone = zones.remove(member);
        zone.close();
        store.removeTransferred(member);
        zone.deleteSavedCopy();
    }

    /** The default NOTIFY ACL of a zone: its primaries' addresses, with its key when it has one. */
    static Acl primaries(ZoneServers config) {
        return new Acl(config.servers().stream().map(InetSocketAddress::getAddress).distinct()
                .map(address -> new Acl.Entry(Optional.of(host(address)), config.key(), false)).toList());
    }

    private static Cidr host(InetAddress address) {
        return Cidr.parse(address.getHostAddress() + "/" + (address.getAddress().length * 8));
    }

    /** The configured secondary zones (catalog members come and go). */
    public Set<Name> origins() {
        return configured.keySet();
    }

    /** Serves the copies saved before a restart (those not expired); call before the journal is opened. */
    public void restoreSavedCopies() {
        zones.values().forEach(SecondaryZone::restoreSavedCopy);
    }

    /** Starts asking the primaries: at once, then on each zone's timers (members added later start at once). */
    public synchronized void start() {
        started = true;
        zones.values().forEach(SecondaryZone::start);
    }

    /**
     * RFC 1996 §3.7: the question names the zone, QTYPE SOA. A NOTIFY for a zone we are no secondary for is
     * NOTAUTH (as Knot and BIND answer); §4.7: an accepted one is acknowledged with the question echoed, AA set.
     */
    @Override
    public Response notify(Query query, Optional<Name> verifiedKey) {
        Message message = query.message();
        Record question = query.question();
        if (question.getType() != Type.SOA || question.getDClass() != DClass.IN
                || message.getHeader().getFlag(Flags.QR)) {
            return Response.of(Replies.error(message, Rcode.FORMERR));
        }
        SecondaryZone zone = zones.get(question.getName());
        InetAddress client = query.client().getAddress();
        if (zone == null) {
            LOG.log(Level.DEBUG, "NOTIFY for {0} from {1}: not a secondary zone", question.getName(), client);
            return Response.of(Replies.error(message, Rcode.NOTAUTH));
        }
        if (!zone.allowNotify().admits(client, verifiedKey)) {
            LOG.log(Level.DEBUG, "NOTIFY for {0} from {1} (key {2}) refused: not in the NOTIFY ACL {3}",
                    zone.origin(), client.getHostAddress(), verifiedKey.map(Name::toString).orElse("none"),
                    zone.allowNotify());
            return Response.refusedByAcl(Replies.refused(message));
        }
        LOG.log(Level.INFO, "NOTIFY for {0} from {1}: refreshing", zone.origin(), client.getHostAddress());
        zone.notified();
        Message reply = Replies.replyTo(message);
        reply.getHeader().setFlag(Flags.AA);
        return Response.of(reply);
    }

    /**
     * Transfers {@code origin} whole from its primaries now ({@code jdns control retransfer}).
     *
     * @return false when {@code origin} is not a secondary zone here
     */
    public boolean retransfer(Name origin) {
        SecondaryZone zone = zones.get(origin);
        if (zone == null) {
            return false;
        }
        zone.retransfer();
        return true;
    }

    /** Asked for every query: free (no name made) while every secondary zone is served, the usual case. */
    @Override
    public Optional<Name> unavailableZone(Name qname) {
        if (zones.values().stream().allMatch(SecondaryZone::serving)) {
            return Optional.empty();
        }
        for (int strip = 0; strip < qname.labels(); strip++) {
            SecondaryZone zone = zones.get(strip == 0 ? qname : new Name(qname, strip));
            if (zone != null) {
                return zone.serving() ? Optional.empty() : Optional.of(zone.origin());
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized void close() {
        closed = true;
        zones.values().forEach(SecondaryZone::close);
    }
}
