package dev.jdns.authoritative;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdns.authoritative.tsig.TsigKey;
import dev.jdns.authoritative.tsig.TsigKeyring;
import dev.jdns.transport.DnsServer;
import dev.jdns.transport.ListenException;
import dev.jdns.transport.ServerOptions;
import dev.jdns.transport.testing.LoopbackClient;
import dev.jdns.transport.testing.LoopbackServers;
import dev.jdns.transport.testing.TestQueries;
import dev.jdns.transport.testing.peers.Knot;
import dev.jdns.transport.testing.peers.PeerKey;
import dev.jdns.transport.testing.peers.PeerProcess;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * A secondary's copy expires (RFC 1035 §3.3.13): served while the SOA's EXPIRE has not passed since the primary
 * last confirmed it, SERVFAIL after, also across a restart (the saved copy's time counts, not the restart's), and
 * served again as soon as the primary confirms it. The clock is moved, never waited for; the primary, on loopback
 * and transferring with TSIG, is a jdns server in this process or Knot.
 */
class SecondaryExpiryTest {

    /** REFRESH 1 h, RETRY 10 min, EXPIRE 1 day. */
    private static final String ZONE = "$ORIGIN example.com.\n"
            + ZoneTexts.SOA.replace("1 7200 3600 1209600", "1 3600 600 86400")
            + "@ NS ns1.example.net.\nwww A 192.0.2.1\n";
    private static final Duration EXPIRE = Duration.ofDays(1);
    private static final Duration AWAIT = Duration.ofSeconds(20);

    /** An {@link InstantSource} that moves only when told. */
    static final class MovableInstant implements InstantSource {
        private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));

        @Override
        public Instant instant() {
            return now.get();
        }

        void advance(Duration by) {
            now.updateAndGet(t -> t.plus(by));
        }
    }

    @TempDir
    Path dir;
    private final TsigKey key = TsigKey.parse("xfr-key:hmac-sha256:" + java.util.Base64.getEncoder()
            .encodeToString("a secret of thirty-two octets !!".getBytes()));
    private final AccessPolicy access = new AccessPolicy(TsigKeyring.of(List.of(key)),
            Acl.parse(List.of("127.0.0.1/32+key:xfr-key")), Acl.NOBODY, Map.of());
    private final MovableInstant clock = new MovableInstant();
    private Primary primary;
    private Secondary secondary;

    /** The primary under test: stopped and started again on the same socket. */
    private interface Primary extends AutoCloseable {
        InetSocketAddress address();

        void start() throws Exception;

        @Override
        void close();
    }

    /** A jdns primary in this process. */
    private final class JdnsPrimary implements Primary {
        private InetSocketAddress address = new InetSocketAddress("127.0.0.1", 0);
        private DnsServer server;

        @Override
        public InetSocketAddress address() {
            return address;
        }

        @Override
        public void start() throws Exception {
            LoadedZone zone = ZoneTexts.load(dir, "primary/example.com.zone", ZONE);
            server = new DnsServer(List.of(address), AuthoritativeHandler.serving(() -> ZoneCatalog.of(List.of(zone)))
                    .access(access).build(), ServerOptions.defaults());
            try {
                server.start();
            } catch (ListenException e) {
                throw new AssertionError("port " + address + " taken meanwhile", e);
            }
            address = LoopbackServers.address(server);
        }

        @Override
        public void close() {
            server.close();
        }
    }

    /** knotd, started afresh each time (its journal and timers in a new folder). */
    private final class KnotPrimary implements Primary {
        private final InetSocketAddress address = PeerProcess.freeAddress("127.0.0.1");
        private PeerProcess knot;
        private int runs;

        KnotPrimary() throws java.io.IOException {}

        @Override
        public InetSocketAddress address() {
            return address;
        }

        @Override
        public void start() throws Exception {
            Path work = java.nio.file.Files.createDirectories(dir.resolve("knot" + ++runs));
            Path zoneFile = ZoneTexts.write(work, "example.com.zone", ZONE);
            PeerKey peerKey = new PeerKey(key.name().toString(true), "hmac-sha256",
                    java.util.Base64.getEncoder().encodeToString(key.secret()));
            knot = Knot.startPrimary(address, "example.com.", zoneFile, PeerProcess.freeAddress("127.0.0.1"),
                    peerKey, work);
        }

        @Override
        public void close() {
            knot.close();
        }
    }

    /** A secondary server: its zones, its role, its front end. */
    private record Secondary(SecondaryRole role, DnsServer server) implements AutoCloseable {
        InetSocketAddress address() {
            return LoopbackServers.address(server);
        }

        @Override
        public void close() {
            role.close();
            server.close();
        }
    }

    private void startPrimary(String kind) throws Exception {
        primary = kind.equals("knot") ? new KnotPrimary() : new JdnsPrimary();
        primary.start();
    }

    @AfterEach
    void stop() {
        if (secondary != null) {
            secondary.close();
        }
        if (primary != null) {
            primary.close();
        }
    }

    private Secondary startSecondary() throws Exception {
        ZoneStore store = ZoneStore.load(List.of(), Duration.ZERO, System::nanoTime);
        ZoneServers config = ZoneServers.parse("example.com=127.0.0.1@" + primary.address().getPort() + ",key:xfr-key");
        SecondaryRole role = new SecondaryRole(List.of(config), access, store, dir.resolve("state"), clock,
                Duration.ofSeconds(10));
        role.restoreSavedCopies();
        DnsServer server = LoopbackServers.start(AuthoritativeHandler.serving(store).access(access)
                .secondaries(role).build(), ServerOptions.defaults(), "127.0.0.1");
        role.start();
        return new Secondary(role, server);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdns", "knot"})
    void servedUntilExpireThenServfailAlsoAfterARestartThenServedAgainOnContact(String kind) throws Exception {
        startPrimary(kind);
        secondary = startSecondary();
        assertEquals(Rcode.NOERROR, awaitRcode(secondary.address(), Rcode.NOERROR), "the AXFR at start");
        primary.close();

        clock.advance(EXPIRE.minusMinutes(1)); // refreshes fail from now on, the copy is still good
        Thread.sleep(3 * SecondaryZone.TICK.toMillis()); // the refresh thread has looked at the moved clock
        assertEquals(Rcode.NOERROR, rcode(secondary.address()), "a minute before expiry");
        clock.advance(Duration.ofMinutes(2));
        assertEquals(Rcode.SERVFAIL, awaitRcode(secondary.address(), Rcode.SERVFAIL), "expired");

        secondary.close();
        secondary = startSecondary(); // the saved copy was last confirmed more than EXPIRE ago
        assertEquals(Rcode.SERVFAIL, rcode(secondary.address()), "expired across the restart");

        primary.start();
        // The next retry: the primary confirms serial 1. The refresh thread of the restarted secondary may take its
        // first look at the clock only after this move, and count RETRY from there: the clock moves on again.
        int rcode = Rcode.SERVFAIL;
        for (int retry = 0; retry < 3 && rcode != Rcode.NOERROR; retry++) {
            clock.advance(Duration.ofMinutes(11));
            rcode = awaitRcode(secondary.address(), Rcode.NOERROR);
        }
        assertEquals(Rcode.NOERROR, rcode, "confirmed again");
    }

    @Test
    void aRestartWithThePrimaryDownServesTheSavedCopyUntilItsExpiry() throws Exception {
        startPrimary("jdns");
        secondary = startSecondary();
        assertEquals(Rcode.NOERROR, awaitRcode(secondary.address(), Rcode.NOERROR), "the AXFR at start");
        secondary.close();
        primary.close();

        clock.advance(Duration.ofHours(12));
        secondary = startSecondary();
        assertEquals(Rcode.NOERROR, rcode(secondary.address()), "the saved copy, served at once");
        clock.advance(Duration.ofHours(12));
        assertEquals(Rcode.SERVFAIL, awaitRcode(secondary.address(), Rcode.SERVFAIL),
                "expiry counts from the last contact before the restart");
    }

    private static int rcode(InetSocketAddress server) {
        Optional<Message> reply = LoopbackClient.udp(server, TestQueries.query("www.example.com.", Type.A));
        return reply.map(Message::getRcode).orElse(-1);
    }

    /** Asks (bounded, every 50 ms) until the rcode is {@code expected}; returns the last one seen. */
    private static int awaitRcode(InetSocketAddress server, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        int rcode = rcode(server);
        while (rcode != expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
            rcode = rcode(server);
        }
        return rcode;
    }
}
