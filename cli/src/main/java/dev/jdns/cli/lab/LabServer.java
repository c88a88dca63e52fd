package dev.jdns.cli.lab;

import dev.jdns.authoritative.AccessPolicy;
import dev.jdns.authoritative.Acl;
import dev.jdns.authoritative.AuthoritativeHandler;
import dev.jdns.authoritative.ChaosIdentity;
import dev.jdns.authoritative.LoadedZone;
import dev.jdns.authoritative.NotifySender;
import dev.jdns.authoritative.NotifyTarget;
import dev.jdns.authoritative.PrimaryRole;
import dev.jdns.authoritative.SecondaryRole;
import dev.jdns.authoritative.ZoneFileWatcher;
import dev.jdns.authoritative.ZoneJournal;
import dev.jdns.authoritative.ZoneLoadException;
import dev.jdns.authoritative.ZoneServers;
import dev.jdns.authoritative.ZoneStore;
import dev.jdns.authoritative.tsig.TsigKeyring;
import dev.jdns.transport.Cidr;
import dev.jdns.transport.DnsServer;
import dev.jdns.transport.ListenException;
import dev.jdns.transport.ServerOptions;
import dev.jdns.transport.client.DnsClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.Name;

/**
 * One simulated server running in the lab: its socket on loopback, a {@link ServerSwitch} in front (stop, start,
 * slow), and behind it a {@code jdns serve} made of the same parts as the real one: the zones it is primary for
 * loaded from their files, reloaded when they change, journaled for IXFR and NOTIFY sent to their secondaries
 * ({@link PrimaryRole}); the zones it is secondary for transferred from their primaries ({@link SecondaryRole}).
 * All that traffic goes to the other servers' loopback sockets: the transfer ACL admits loopback only, so the
 * simulated addresses in the NS records are never notified (they are not reachable from here).
 */
public final class LabServer implements AutoCloseable {

    /** How often the primaries look at their zone files, and how long a changed file must rest before it is read. */
    static final Duration WATCH_INTERVAL = Duration.ofSeconds(1);
    static final Duration SETTLE = Duration.ofSeconds(1);
    /** Longest a transfer in may take: everything is on loopback, so a stopped primary is the only reason. */
    static final Duration TRANSFER_TIMEOUT = Duration.ofSeconds(10);
    private static final InetSocketAddress ANY_LOOPBACK_PORT =
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final AccessPolicy LOOPBACK_TRANSFERS = AccessPolicy.transfersBy(Acl.ofBlocks(Cidr.LOOPBACK));

    private final SimulatedServer server;
    private final ServerSwitch switcher;
    private final DnsServer dns;
    private final List<AutoCloseable> parts = new ArrayList<>();
    private Optional<SecondaryRole> secondaries = Optional.empty();

    private LabServer(SimulatedServer server, ServerSwitch switcher, DnsServer dns) {
        this.server = server;
        this.switcher = switcher;
        this.dns = dns;
    }

    /**
     * Binds the server's socket, so every server's address is known before any is wired to the others; it drops
     * every packet until {@link #serve} gives it its zones.
     */
    static LabServer bind(SimulatedServer server) throws ListenException {
        ServerSwitch switcher = new ServerSwitch();
        DnsServer dns = new DnsServer(List.of(ANY_LOOPBACK_PORT), switcher, ServerOptions.defaultsForBlockingHandler());
        try {
            dns.start();
        } catch (ListenException | RuntimeException e) {
            dns.close();
            throw e;
        }
        return new LabServer(server, switcher, dns);
    }

    /**
     * Loads the zones and connects the roles; the secondary zones are asked for at once ({@link #awaitZones}).
     *
     * @param peers     where each simulated server really listens
     * @param fromFiles load (and watch) the primary zones' files; false for the signed lab, whose zones are signed
     *                  in memory at start and never change
     * @param stateDir  where the secondary copies are saved
     */
    void serve(Map<Name, InetSocketAddress> peers, Topology topology, boolean fromFiles, Path stateDir)
            throws IOException {
        ZoneStore store = primaryStore(fromFiles);
        ZoneJournal journal = ZoneJournal.inMemory();
        List<ZoneServers> transfersIn = server.secondaryZones().stream()
                .map(zone -> new ZoneServers(zone.origin(), List.of(peers.get(topology.primaryOf(zone).name())),
                        Optional.empty()))
                .toList();
        if (!transfersIn.isEmpty()) {
            SecondaryRole role = new SecondaryRole(transfersIn, AccessPolicy.NOBODY, store,
                    stateDir.resolve(ComposeFile.serviceName(server)), InstantSource.system(), TRANSFER_TIMEOUT);
            parts.add(role);
            secondaries = Optional.of(role);
        }
        NotifySender notifier = new NotifySender(new DnsClient(), TsigKeyring.empty(),
                NotifySender.DEFAULT_FIRST_RETRY);
        parts.add(notifier);
        store.addChangeListener(new PrimaryRole(journal, notifier, notifyTargets(peers, topology), Acl.ofBlocks(
                Cidr.LOOPBACK), Set.of(localSocket())));
        // CHAOS id.server answers the server's name, so `dig CH TXT id.server` shows who answered.
        ChaosIdentity identity = new ChaosIdentity(Optional.empty(), Optional.of(server.displayName()));
        AuthoritativeHandler.Builder handler = AuthoritativeHandler.serving(store).chaos(identity)
                .access(LOOPBACK_TRANSFERS).history(journal);
        secondaries.ifPresent(handler::secondaries);
        switcher.connect(handler.build());
        if (fromFiles && !server.primaryZones().isEmpty()) {
            parts.add(ZoneFileWatcher.start(store, WATCH_INTERVAL));
        }
        secondaries.ifPresent(SecondaryRole::start);
    }

    /** The zones it is primary for: from their files, or (signed) as made in memory. */
    private ZoneStore primaryStore(boolean fromFiles) throws IOException {
        try {
            if (fromFiles) {
                return ZoneStore.load(server.zoneFiles(), SETTLE, System::nanoTime);
            }
            ZoneStore store = ZoneStore.load(List.of());
            server.primaryZones().forEach(store::putTransferred); // signed by LabSigner: handed over, not read
            return store;
        } catch (ZoneLoadException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Its primary zones' secondaries, at their loopback sockets (RFC 1996 NOTIFY goes there). */
    private Map<Name, List<NotifyTarget>> notifyTargets(Map<Name, InetSocketAddress> peers, Topology topology) {
        Map<Name, List<NotifyTarget>> targets = new LinkedHashMap<>();
        for (LoadedZone zone : server.primaryZones()) {
            targets.put(zone.origin(), topology.secondariesOf(zone).stream()
                    .map(secondary -> new NotifyTarget(peers.get(secondary.name()), Optional.empty())).toList());
        }
        return targets;
    }

    /**
     * Waits until every secondary zone has been transferred, up to {@code deadlineNanos} (System.nanoTime); false
     * when one still is not (its primary is slow): it keeps trying on its own, and answers SERVFAIL until then.
     */
    boolean awaitZones(long deadlineNanos) throws InterruptedException {
        if (secondaries.isEmpty()) {
            return true;
        }
        SecondaryRole role = secondaries.get();
        while (role.origins().stream().anyMatch(origin -> role.unavailableZone(origin).isPresent())) {
            if (System.nanoTime() - deadlineNanos > 0) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    public SimulatedServer server() {
        return server;
    }

    /** Where it really listens. */
    public InetSocketAddress localSocket() {
        return dns.boundAddresses().getFirst();
    }

    /** Stops answering: every packet is dropped, as for a host that is down. */
    public void stop() {
        switcher.stop();
    }

    /**
     * Answers again. A secondary then transfers its zones at once, as a server that starts asks its primaries
     * (RFC 1996 section 4.3): a NOTIFY it dropped while stopped would otherwise wait for the refresh timer.
     */
    public void start() {
        switcher.start();
        secondaries.ifPresent(role -> role.origins().forEach(role::retransfer));
    }

    /** Delays every answer by {@code delay} (zero: no delay). */
    public void slow(Duration delay) {
        switcher.slow(delay);
    }

    public boolean running() {
        return switcher.running();
    }

    public Duration delay() {
        return switcher.delay();
    }

    /** The socket first, so nothing answers while the roles stop. */
    @Override
    public void close() {
        dns.close();
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                // closing what is left matters more than this one failure
            }
        }
        parts.clear();
    }
}
