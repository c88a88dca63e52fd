package dev.jdns.authoritative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.authoritative.tsig.TsigKey;
import dev.jdns.authoritative.tsig.TsigKeyring;
import dev.jdns.transport.DnsServer;
import dev.jdns.transport.Query;
import dev.jdns.transport.QueryHandler;
import dev.jdns.transport.testing.CapturedLog;
import dev.jdns.transport.testing.LoopbackServers;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Transfers into a secondary from a jdns primary with a journal (RFC 1995): the difference applied to the saved
 * copy when it leads from our serial, the whole zone by AXFR when it does not apply to our copy (it deletes a
 * record we lack), and the copy on disk replaced whole and readable as a zone file, whatever the record types.
 */
class SecondaryTransferTest {

    private static final String HEAD = ZoneTexts.SOA + "@ NS ns1.example.net.\nwww A 192.0.2.1\n";
    private static final String V1 = HEAD + "old A 192.0.2.99\n";
    private static final String V2 = HEAD.replace(" 1 7200", " 2 7200") + "new A 192.0.2.2\n";

    @TempDir
    Path dir;
    private CapturedLog log;
    private DnsServer primary;
    private ZoneStore store;
    private SecondaryRole role;

    @BeforeEach
    void startPrimary() throws Exception {
        LoadedZone one = ZoneTexts.load(dir, "primary/v1/example.com.zone", V1);
        LoadedZone two = ZoneTexts.load(dir, "primary/v2/example.com.zone", V2);
        ZoneJournal journal = ZoneJournal.inMemory();
        journal.record(two.origin(), ZoneDiff.between(one, two));
        AtomicReference<ZoneCatalog> catalog = new AtomicReference<>(ZoneCatalog.of(List.of(two)));
        primary = LoopbackServers.start(AuthoritativeHandler.serving(catalog::get)
                .access(AccessPolicy.transfersBy(Acl.parse(List.of("127.0.0.1/32")))).history(journal).build());
        log = new CapturedLog("dev.jdns.authoritative");
    }

    @AfterEach
    void stop() {
        log.close();
        if (role != null) {
            role.close();
        }
        primary.close();
    }

    @Test
    void theDifferenceIsAppliedToTheSavedCopy() throws Exception {
        ZoneTexts.write(dir, "state/example.com.zone", "$ORIGIN example.com.\n" + V1);
        LoadedZone served = startSecondaryAndAwaitSerial2();
        assertTrue(logged("example.com.: serial 2 from 127.0.0.1@" + port() + " by IXFR"), log.toString());
        assertTrue(served.rrset(Name.fromString("new.example.com."), org.xbill.DNS.Type.A).isPresent());
        assertTrue(served.rrset(Name.fromString("old.example.com."), org.xbill.DNS.Type.A).isEmpty());

        SecondaryCopy copy = new SecondaryCopy(dir.resolve("state"), served.origin());
        assertEquals(wire(served), wire(copy.read().orElseThrow().zone()), "the saved copy is what is served");
        assertFalse(Files.exists(dir.resolve("state/example.com.zone.tmp")));
    }

    /** rndc retransfer's meaning: the whole zone again by AXFR, though the serial we hold is the primary's. */
    @Test
    void aRetransferTakesTheWholeZoneAgainAtTheSameSerial() throws Exception {
        ZoneTexts.write(dir, "state/example.com.zone", "$ORIGIN example.com.\n" + V1);
        startSecondaryAndAwaitSerial2();
        String axfrAtSerial2 = "example.com.: serial 2 from 127.0.0.1@" + port() + " by AXFR";
        assertFalse(logged(axfrAtSerial2), log.toString());

        assertTrue(role.retransfer(Name.fromString("example.com.")));
        assertFalse(role.retransfer(Name.fromString("example.org.")), "not a secondary zone here");

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!logged(axfrAtSerial2) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(logged(axfrAtSerial2), log.toString());
    }

    @Test
    void aDifferenceThatDoesNotApplyFallsBackToAxfr() throws Exception {
        ZoneTexts.write(dir, "state/example.com.zone", "$ORIGIN example.com.\n" + HEAD); // no 'old' to delete
        LoadedZone served = startSecondaryAndAwaitSerial2();
        assertTrue(logged("example.com.: IXFR from 127.0.0.1@" + port() + " not applicable"), log.toString());
        assertTrue(logged("example.com.: serial 2 from 127.0.0.1@" + port() + " by AXFR"), log.toString());
        assertTrue(served.rrset(Name.fromString("new.example.com."), org.xbill.DNS.Type.A).isPresent());
    }

    @Test
    void theCopyIsAZoneFileThatReadsBackRecordForRecord() throws Exception {
        String text = HEAD + """
                txt TXT "with \\"quotes\\" and spaces" "second;string"
                mx MX 10 mail.example.net.
                _sip._tcp SRV 10 60 5060 sip.example.net.
                caa CAA 0 issue "letsencrypt.org"
                _443._tcp TLSA 3 1 1 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF
                svc HTTPS 1 . alpn=h2,h3 port=8443
                naptr NAPTR 100 10 "S" "SIP+D2U" "" _sip._udp.example.com.
                odd TYPE65534 \\# 3 010203
                *.wild AAAA 2001:db8::1
                child NS ns.child
                ns.child A 192.0.2.53
                child DS 12345 13 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF
                alias CNAME www
                dn DNAME example.net.
                weird\\.label A 192.0.2.7
                """;
        LoadedZone zone = ZoneTexts.load(dir, "source/example.com.zone", "$ORIGIN example.com.\n" + text);
        SecondaryCopy copy = new SecondaryCopy(dir.resolve("state"), zone.origin());
        copy.write(zone, InstantSource.system().instant());
        assertEquals(wire(zone), wire(copy.read().orElseThrow().zone()));
    }

    /** RFC 1982: 2 is newer than 4294967295 (the serial wrapped), so the primary's version is taken. */
    @Test
    void aSerialThatWrappedIsNewer() throws Exception {
        ZoneTexts.write(dir, "state/example.com.zone", "$ORIGIN example.com.\n" + V1.replace(" 1 7200",
                " 4294967295 7200"));
        LoadedZone served = startSecondaryAndAwaitSerial(2, 4294967295L);
        assertTrue(served.rrset(Name.fromString("new.example.com."), org.xbill.DNS.Type.A).isPresent());
    }

    /** RFC 1982: a primary whose serial is older than ours confirms our copy; it is neither taken nor dropped. */
    @Test
    void anOlderSerialIsNotTaken() throws Exception {
        Path saved = ZoneTexts.write(dir, "state/example.com.zone", "$ORIGIN example.com.\n" + V1.replace(" 1 7200",
                " 5 7200"));
        java.nio.file.attribute.FileTime past = java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(Duration.ofHours(1)));
        Files.setLastModifiedTime(saved, past);
        startSecondary(5);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (Files.getLastModifiedTime(saved).equals(past) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(Files.getLastModifiedTime(saved).compareTo(past) > 0, "the primary's answer counts as contact");
        assertEquals(5, store.get().zone(Name.fromString("example.com.")).orElseThrow().soa().getSerial());
    }

    /**
     * A primary that ignores the request's signature and streams an unsigned AXFR: the secondary, which signed its
     * request, must not take it (RFC 8945 §5.3: the reply to a signed request is signed; dnsjava's stream verifier).
     */
    @Test
    void anUnsignedReplyToASignedRequestIsNotTaken() throws Exception {
        TsigKey key = TsigKey.parse("xfr-key:hmac-sha256:" + java.util.Base64.getEncoder()
                .encodeToString("a secret of thirty-two octets !!".getBytes()));
        LoadedZone zone = ZoneTexts.load(dir, "liar/example.com.zone", V2);
        AuthoritativeHandler honest = AuthoritativeHandler.serving(() -> ZoneCatalog.of(List.of(zone)))
                .access(AccessPolicy.transfersBy(Acl.parse(List.of("127.0.0.1/32")))).build();
        QueryHandler liar = query -> honest.handle(new Query(unsigned(query.message()), query.client(),
                query.protocol()));
        try (DnsServer server = LoopbackServers.start(liar)) {
            int port = LoopbackServers.address(server).getPort();
            store = ZoneStore.load(List.of(), Duration.ZERO, System::nanoTime);
            role = new SecondaryRole(List.of(ZoneServers.parse("example.com=127.0.0.1@" + port + ",key:xfr-key")),
                    new AccessPolicy(TsigKeyring.of(List.of(key)), Acl.NOBODY, Acl.NOBODY, java.util.Map.of()),
                    store, dir.resolve("state"), InstantSource.system(), Duration.ofSeconds(10));
            role.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!logged("example.com.: refresh from 127.0.0.1@" + port + " failed") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(logged("example.com.: refresh from 127.0.0.1@" + port + " failed"), log.toString());
            assertTrue(store.get().zone(Name.fromString("example.com.")).isEmpty(), "nothing served");
        }
    }

    /** 3000 records make several messages, each signed by the primary and chained (RFC 8945 §5.3.1): all verified. */
    @Test
    void aSignedTransferOfManyMessagesIsVerifiedAndTaken() throws Exception {
        TsigKey key = TsigKey.parse("xfr-key:hmac-sha256:" + java.util.Base64.getEncoder()
                .encodeToString("a secret of thirty-two octets !!".getBytes()));
        StringBuilder text = new StringBuilder(V2);
        for (int i = 0; i < 3000; i++) {
            text.append("host").append(i).append(" TXT \"record number ").append(i).append("\"\n");
        }
        LoadedZone zone = ZoneTexts.load(dir, "big/example.com.zone", text.toString());
        AccessPolicy keyed = new AccessPolicy(TsigKeyring.of(List.of(key)), Acl.parse(List.of("key:xfr-key")),
                Acl.NOBODY, java.util.Map.of());
        try (DnsServer server = LoopbackServers.start(AuthoritativeHandler.serving(() -> ZoneCatalog.of(List.of(zone)))
                .access(keyed).build())) {
            int port = LoopbackServers.address(server).getPort();
            store = ZoneStore.load(List.of(), Duration.ZERO, System::nanoTime);
            role = new SecondaryRole(List.of(ZoneServers.parse("example.com=127.0.0.1@" + port + ",key:xfr-key")),
                    keyed, store, dir.resolve("state"), InstantSource.system(), Duration.ofSeconds(20));
            role.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (store.get().zone(zone.origin()).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(wire(zone), wire(store.get().zone(zone.origin()).orElseThrow()), log.toString());
        }
    }

    private static Message unsigned(Message signed) {
        Message copy = signed.clone();
        copy.removeRecord(signed.getTSIG(), Section.ADDITIONAL);
        return copy;
    }

    private LoadedZone startSecondaryAndAwaitSerial2() throws Exception {
        return startSecondaryAndAwaitSerial(2, 1);
    }

    /** Starts the secondary on the saved copy (serial {@code savedSerial}), then waits for {@code serial}. */
    private LoadedZone startSecondaryAndAwaitSerial(long serial, long savedSerial) throws Exception {
        startSecondary(savedSerial);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            LoadedZone zone = store.get().zone(Name.fromString("example.com.")).orElseThrow();
            if (zone.soa().getSerial() == serial) {
                return zone;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("serial " + serial + " never served: " + log);
    }

    private void startSecondary(long savedSerial) throws Exception {
        store = ZoneStore.load(List.of(), Duration.ZERO, System::nanoTime);
        role = new SecondaryRole(List.of(ZoneServers.parse("example.com=127.0.0.1@" + port())),
                AccessPolicy.NOBODY, store, dir.resolve("state"), InstantSource.system(), Duration.ofSeconds(10));
        role.restoreSavedCopies();
        assertEquals(savedSerial, store.get().zone(Name.fromString("example.com.")).orElseThrow().soa().getSerial());
        role.start();
    }

    private int port() {
        return LoopbackServers.address(primary).getPort();
    }

    private boolean logged(String prefix) {
        return log.has(prefix);
    }

    /** Every record of {@code zone} in wire form (TTL included), as a set. */
    private static Set<ByteBuffer> wire(LoadedZone zone) {
        Set<ByteBuffer> out = new HashSet<>();
        out.add(ByteBuffer.wrap(zone.soa().toWire(Section.ANSWER)));
        for (Record record : ZoneTransfer.recordsBesidesSoa(zone)) {
            out.add(ByteBuffer.wrap(record.toWire(Section.ANSWER)));
        }
        return out;
    }
}
