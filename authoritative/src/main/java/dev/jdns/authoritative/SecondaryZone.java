package dev.jdns.authoritative;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

/**
 * One zone this server is a secondary for: a thread that asks the primaries on the SOA timers ({@link
 * RefreshTimers}) and at once after a NOTIFY, takes the changes by IXFR (RFC 1995) or the whole zone by AXFR when
 * IXFR cannot give them, saves the new version ({@link SecondaryCopy}) and puts it in service through the {@link
 * ZoneStore}, whose listeners then act as for a reloaded zone (the journal, NOTIFY to our own secondaries). When
 * no primary confirmed the copy for the SOA's EXPIRE time it is taken out of service (RFC 1035 §3.3.13).
 *
 * <p>Time comes from an {@link InstantSource}, so tests move the clock instead of waiting; the thread looks at it
 * at least every {@link #TICK} of real time.
 */
final class SecondaryZone implements AutoCloseable {

    private static final Logger LOG = System.getLogger(SecondaryZone.class.getName());

    /** Longest real-time wait between looks at the clock (a test's moved clock is seen within this). */
    static final Duration TICK = Duration.ofMillis(500);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(3);

    private final ZoneServers config;
    private final Optional<TSIG> key;
    private final Acl allowNotify;
    private final SecondaryCopy copy;
    private final TransferIn transfers;
    private final ZoneStore store;
    private final InstantSource clock;
    private final Object wakeUp = new Object();
    private boolean notifyPending; // guarded by wakeUp
    private boolean retransferPending; // guarded by wakeUp
    private boolean closing; // guarded by wakeUp
    private volatile LoadedZone current; // the version we hold, served or (expired) not; null before the first
    private volatile boolean serving;
    private RefreshTimers timers; // the refresh thread's, after start
    private Thread thread;

    SecondaryZone(ZoneServers config, Optional<TSIG> key, Acl allowNotify, SecondaryCopy copy, TransferIn transfers,
            ZoneStore store, InstantSource clock) {
        this.config = config;
        this.key = key;
        this.allowNotify = allowNotify;
        this.copy = copy;
        this.transfers = transfers;
        this.store = store;
        this.clock = clock;
        this.timers = RefreshTimers.start(Optional.empty(), Optional.empty(), clock.instant());
    }

    Name origin() {
        return config.zone();
    }

    Acl allowNotify() {
        return allowNotify;
    }

    boolean serving() {
        return serving;
    }

    /** Serves the copy saved before a restart, unless it expired meanwhile; the primary is asked at once anyway. */
    void restoreSavedCopy() {
        Optional<SecondaryCopy.Saved> saved = copy.read();
        Instant now = clock.instant();
        timers = RefreshTimers.start(saved.map(s -> s.zone().soa()), saved.map(SecondaryCopy.Saved::confirmed), now);
        if (saved.isEmpty()) {
            return;
        }
        current = saved.get().zone();
        if (timers.expired(now)) {
            LOG.log(Level.WARNING, "{0}: saved copy (serial {1}) expired at {2}; SERVFAIL until a primary answers",
                    origin(), current.soa().getSerial(), timers.expiry().orElseThrow());
            return;
        }
        store.putTransferred(current);
        serving = true;
        LOG.log(Level.INFO, "{0}: serving the saved copy, serial {1}", origin(), current.soa().getSerial());
    }

    /** Deletes the saved copy (the zone is no longer ours); a failure is logged, the copy then served at restart. */
    void deleteSavedCopy() {
        try {
            copy.delete();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "{0}: cannot delete the saved copy {1}: {2}", origin(), copy.path(),
                    e.getMessage());
        }
    }

    void start() {
        thread = Thread.ofVirtual().name("secondary " + origin()).start(this::run);
    }

    /** A NOTIFY was accepted: ask the primaries now (several in a row make one refresh). */
    void notified() {
        synchronized (wakeUp) {
            notifyPending = true;
            wakeUp.notifyAll();
        }
    }

    /**
     * The operator asked for the whole zone again ({@code jdns control retransfer}, as BIND's rndc retransfer): an
     * AXFR now, whatever the serials say.
     */
    void retransfer() {
        synchronized (wakeUp) {
            retransferPending = true;
            wakeUp.notifyAll();
        }
    }

    private void run() {
        try {
            while (!isClosing()) {
                if (takeNotify()) {
                    timers = timers.notified(clock.instant());
                }
                if (takeRetransfer()) {
                    askPrimaries(primary -> take(transfers.full(origin(), primary, key), current, primary));
                } else if (timers.due(clock.instant())) {
                    askPrimaries(this::refreshFrom);
                }
                expireIfDue(clock.instant());
                waitForWork();
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException bug) {
            LOG.log(Level.ERROR, origin() + ": refreshing stopped: " + bug, bug);
        }
    }

    private boolean isClosing() {
        synchronized (wakeUp) {
            return closing;
        }
    }

    private boolean takeNotify() {
        synchronized (wakeUp) {
            boolean pending = notifyPending;
            notifyPending = false;
            return pending;
        }
    }

    private boolean takeRetransfer() {
        synchronized (wakeUp) {
            boolean pending = retransferPending;
            retransferPending = false;
            return pending;
        }
    }

    private void waitForWork() throws InterruptedException {
        Duration untilDue = Duration.between(clock.instant(), timers.nextCheck());
        long millis = Math.max(1, Math.min(TICK.toMillis(), untilDue.toMillis()));
        synchronized (wakeUp) {
            if (!notifyPending && !retransferPending && !closing) {
                wakeUp.wait(millis);
            }
        }
    }

    /** One way of asking a primary for the zone: a refresh, or a whole transfer. */
    @FunctionalInterface
    private interface PrimaryRequest {
        void askAt(InetSocketAddress primary) throws TransferIn.Failure, ZoneLoadException;
    }

    /** Asks each primary in turn until one gives or confirms the zone; none: try again after RETRY. */
    private void askPrimaries(PrimaryRequest request) {
        for (InetSocketAddress primary : config.servers()) {
            try {
                request.askAt(primary);
                return;
            } catch (TransferIn.Failure | ZoneLoadException | IllegalStateException e) {
                LOG.log(Level.WARNING, "{0}: refresh from {1} failed: {2}", origin(), address(primary),
                        e.getMessage());
            }
        }
        timers = timers.failed(clock.instant());
    }

    /** IXFR from the version we hold (RFC 1995 §2), AXFR when there is none or the IXFR did not work (§4). */
    private void refreshFrom(InetSocketAddress primary) throws TransferIn.Failure, ZoneLoadException {
        LoadedZone base = current;
        if (base != null) {
            try {
                take(transfers.incremental(origin(), base.soa().getSerial(), primary, key), base, primary);
                return;
            } catch (TransferIn.Failure e) {
                if (e.unreachable()) {
                    throw e;
                }
                LOG.log(Level.INFO, "{0}: IXFR from {1} failed ({2}); asking for AXFR", origin(), address(primary),
                        e.getMessage());
            } catch (ZoneLoadException | IllegalStateException e) {
                LOG.log(Level.INFO, "{0}: IXFR from {1} not applicable ({2}); asking for AXFR", origin(),
                        address(primary), e.getMessage());
            }
        }
        take(transfers.full(origin(), primary, key), base, primary);
    }

    private void take(TransferIn.Outcome outcome, LoadedZone base, InetSocketAddress primary)
            throws ZoneLoadException {
        Instant now = clock.instant();
        switch (outcome) {
            case TransferIn.Outcome.UpToDate upToDate -> confirmed(base, primary, now);
            case TransferIn.Outcome.Incremental incremental -> install(ReceivedZone.build(origin(), copy.path(),
                    ReceivedZone.applied(base, incremental.steps())), primary, now, "IXFR");
            case TransferIn.Outcome.Full full -> install(ReceivedZone.build(origin(), copy.path(), full.records()),
                    primary, now, "AXFR");
        }
    }

    private void confirmed(LoadedZone base, InetSocketAddress primary, Instant now) {
        timers = timers.contacted(base.soa(), now);
        try {
            copy.confirm(now);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "{0}: cannot note the refresh on {1}: {2}", origin(), copy.path(), e.getMessage());
        }
        LOG.log(Level.DEBUG, "{0}: serial {1} is current at {2}", origin(), base.soa().getSerial(), address(primary));
        if (!serving) {
            store.putTransferred(base);
            serving = true;
            LOG.log(Level.INFO, "{0}: {1} confirmed serial {2}: serving it again", origin(), address(primary),
                    base.soa().getSerial());
        }
    }

    private void install(LoadedZone zone, InetSocketAddress primary, Instant now, String kind) {
        try {
            copy.write(zone, now);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "{0}: cannot save the copy in {1} ({2}); serving it, but a restart would not",
                    origin(), copy.path(), e.getMessage());
        }
        current = zone;
        timers = timers.contacted(zone.soa(), now);
        LOG.log(Level.INFO, "{0}: serial {1} from {2} by {3} ({4} records)", origin(), zone.soa().getSerial(),
                address(primary), kind, zone.recordCount());
        store.putTransferred(zone);
        serving = true;
    }

    private void expireIfDue(Instant now) {
        if (serving && timers.expired(now)) {
            serving = false;
            store.removeTransferred(origin());
            LOG.log(Level.WARNING, "{0}: expired, no primary confirmed serial {1} since {2}: answering SERVFAIL",
                    origin(), current.soa().getSerial(), timers.confirmed().orElseThrow());
        }
    }

    private static String address(InetSocketAddress primary) {
        return primary.getAddress().getHostAddress() + "@" + primary.getPort();
    }

    /**
     * Stops the refresh thread: a version being saved and journaled is let finish (an interrupt would close the
     * files under it); a transfer still waiting on the network after {@link #CLOSE_GRACE} is interrupted.
     */
    @Override
    public void close() {
        synchronized (wakeUp) {
            closing = true;
            wakeUp.notifyAll();
        }
        if (thread == null) {
            return;
        }
        try {
            if (!thread.join(CLOSE_GRACE)) {
                thread.interrupt();
                thread.join(CLOSE_GRACE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
