package dev.jdns.authoritative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.testing.LoopbackClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * UPDATE (RFC 2136) through the real front end on loopback: adds and deletes of every kind with the serial raised,
 * each prerequisite with its rcode (and nothing applied when one fails), the prescan's FORMERR and NOTZONE with
 * nothing changed, the apex and CNAME rules of §3.4.2, REFUSED without the key and NOTAUTH with a wrong one,
 * serialised concurrent updates, and an update's trip through the journal: replayed after a restart, dropped when
 * the zone file moved on.
 */
class DynamicUpdateTest {

    private static final String ZONE_TEXT = """
            $ORIGIN example.com.
            @     3600 IN SOA ns1 hostmaster 1 7200 3600 1209600 300
            @     3600 IN NS  ns1
            @     3600 IN MX  10 mail
            ns1   3600 IN A   192.0.2.53
            www   3600 IN A   192.0.2.1
            alias 3600 IN CNAME www
            """;

    @TempDir
    Path dir;
    private Path zoneFile;
    private UpdateServer server;

    @BeforeEach
    void start() throws Exception {
        zoneFile = Files.writeString(dir.resolve("example.com.zone"), ZONE_TEXT);
        server = new UpdateServer(zoneFile, dir.resolve("state"));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private static Name name(String text) {
        return Name.fromConstantString(text);
    }

    private static Update update() {
        return new Update(UpdateServer.ZONE);
    }

    private int send(Update update) {
        return server.send(update).getRcode();
    }

    @Test
    void addsAndDeletesEachKindRaisingTheSerialOncePerUpdate() throws Exception {
        Update add = update();
        add.add(name("_acme-challenge.example.com."), Type.TXT, 60, "\"token-1\"");
        add.add(name("_acme-challenge.example.com."), Type.TXT, 60, "\"token-2\"");
        add.add(name("new.example.com."), Type.A, 300, "192.0.2.7");
        assertEquals(Rcode.NOERROR, send(add));
        assertEquals(2, server.lookup("_acme-challenge.example.com.", Type.TXT).size());
        assertEquals(2, server.serial());

        Update deleteOne = update();
        deleteOne.delete(name("_acme-challenge.example.com."), Type.TXT, "\"token-1\"");
        assertEquals(Rcode.NOERROR, send(deleteOne));
        List<Record> left = server.lookup("_acme-challenge.example.com.", Type.TXT);
        assertEquals(List.of("token-2"), left.stream().map(r -> ((TXTRecord) r).getStrings().getFirst()).toList());

        Update deleteRRset = update();
        deleteRRset.delete(name("_acme-challenge.example.com."), Type.TXT);
        deleteRRset.add(name("new.example.com."), Type.TXT, 300, "\"also\"");
        assertEquals(Rcode.NOERROR, send(deleteRRset));
        assertTrue(server.lookup("_acme-challenge.example.com.", Type.TXT).isEmpty());

        Update deleteName = update();
        deleteName.delete(name("new.example.com."));
        assertEquals(Rcode.NOERROR, send(deleteName));
        assertTrue(server.lookup("new.example.com.", Type.A).isEmpty());
        assertTrue(server.lookup("new.example.com.", Type.TXT).isEmpty());
        assertEquals(5, server.serial());
    }

    @Test
    void anUpdateThatChangesNothingKeepsTheSerial() throws Exception {
        Update again = update();
        again.add(name("www.example.com."), Type.A, 3600, "192.0.2.1");
        again.delete(name("absent.example.com."), Type.A);
        assertEquals(Rcode.NOERROR, send(again));
        assertEquals(1, server.serial());
    }

    @Test
    void eachPrerequisiteHasItsRcodeAndAFailureAppliesNothing() throws Exception {
        record Case(String what, java.util.function.Consumer<Update> prerequisite, int rcode) {}
        List<Case> cases = List.of(
                new Case("name in use, is", u -> u.present(name("www.example.com.")), Rcode.NOERROR),
                new Case("name in use, is not", u -> u.present(name("nope.example.com.")), Rcode.NXDOMAIN),
                new Case("name not in use, is", u -> u.absent(name("www.example.com.")), Rcode.YXDOMAIN),
                new Case("name not in use, is not", u -> u.absent(name("nope.example.com.")), Rcode.NOERROR),
                new Case("RRset exists", u -> u.present(name("www.example.com."), Type.A), Rcode.NOERROR),
                new Case("RRset exists, does not", u -> u.present(name("www.example.com."), Type.TXT), Rcode.NXRRSET),
                new Case("RRset absent, is not", u -> u.absent(name("www.example.com."), Type.A), Rcode.YXRRSET),
                new Case("RRset absent", u -> u.absent(name("www.example.com."), Type.TXT), Rcode.NOERROR),
                new Case("empty non-terminal is not in use", u -> u.present(name("com.example.com.")), Rcode.NXDOMAIN),
                new Case("value-dependent, same", u -> present(u, "www.example.com.", Type.A, "192.0.2.1"),
                        Rcode.NOERROR),
                new Case("value-dependent, other value", u -> present(u, "www.example.com.", Type.A, "192.0.2.9"),
                        Rcode.NXRRSET),
                new Case("value-dependent, a superset", u -> {
                    present(u, "www.example.com.", Type.A, "192.0.2.1");
                    present(u, "www.example.com.", Type.A, "192.0.2.2");
                }, Rcode.NXRRSET),
                new Case("value-dependent, no such RRset", u -> present(u, "nope.example.com.", Type.A, "192.0.2.1"),
                        Rcode.NXRRSET),
                new Case("outside the zone", u -> u.present(name("www.example.net.")), Rcode.NOTZONE),
                new Case("TTL not zero", u -> u.addRecord(Record.newRecord(name("www.example.com."), Type.A,
                        DClass.ANY, 60), Section.PREREQ), Rcode.FORMERR),
                new Case("class ANY with data", u -> u.addRecord(Record.newRecord(name("www.example.com."), Type.A,
                        DClass.ANY, 0, new byte[] {(byte) 192, 0, 2, 1}), Section.PREREQ), Rcode.FORMERR));
        long serial = server.serial();
        AtomicInteger marker = new AtomicInteger();
        for (Case c : cases) {
            Update u = update();
            c.prerequisite().accept(u);
            String host = "m" + marker.incrementAndGet() + ".example.com.";
            u.add(name(host), Type.A, 60, "192.0.2.200");
            assertEquals(Rcode.string(c.rcode()), Rcode.string(send(u)), c.what());
            boolean applied = !server.lookup(host, Type.A).isEmpty();
            assertEquals(c.rcode() == Rcode.NOERROR, applied, c.what() + ": applied?");
            serial += applied ? 1 : 0;
            assertEquals(serial, server.serial(), c.what());
        }
    }

    private static void present(Update update, String owner, int type, String data) {
        try {
            update.present(name(owner), type, data);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aMalformedUpdateSectionIsFormerrAndChangesNothing() throws Exception {
        List<Record> bad = List.of(
                Record.newRecord(name("x.example.com."), Type.A, DClass.ANY, 300),   // delete RRset with a TTL
                Record.newRecord(name("x.example.com."), Type.A, DClass.NONE, 300,   // delete RR with a TTL
                        new byte[] {(byte) 192, 0, 2, 1}),
                Record.newRecord(name("x.example.com."), Type.AXFR, DClass.ANY, 0), // a meta type
                Record.newRecord(name("x.example.com."), Type.ANY, DClass.IN, 300, new byte[] {1}),
                Record.newRecord(name("x.example.com."), Type.A, DClass.CH, 300, new byte[] {(byte) 192, 0, 2, 1}));
        for (Record record : bad) {
            Update u = update();
            u.add(name("first.example.com."), Type.A, 60, "192.0.2.10"); // valid, and before the bad record
            u.addRecord(record, Section.UPDATE);
            assertEquals(Rcode.string(Rcode.FORMERR), Rcode.string(send(u)), record.toString());
        }
        Update outside = update();
        outside.add(name("first.example.com."), Type.A, 60, "192.0.2.10");
        outside.add(name("www.example.net."), Type.A, 60, "192.0.2.10");
        assertEquals(Rcode.NOTZONE, send(outside));
        assertTrue(server.lookup("first.example.com.", Type.A).isEmpty());
        assertEquals(1, server.serial());
        assertFalse(Files.exists(dir.resolve("state/example.com.updates")), "nothing journaled");
    }

    @Test
    void theZoneSectionMustNameAZoneWeServeWithTypeSoa() throws Exception {
        Update other = new Update(name("example.net."));
        other.add(name("www.example.net."), Type.A, 60, "192.0.2.10");
        assertEquals(Rcode.NOTAUTH, send(other));
        Update below = new Update(name("sub.example.com."));
        below.add(name("www.sub.example.com."), Type.A, 60, "192.0.2.10");
        assertEquals(Rcode.NOTAUTH, send(below));
        Message notSoa = new Message();
        notSoa.getHeader().setOpcode(org.xbill.DNS.Opcode.UPDATE);
        notSoa.addRecord(Record.newRecord(UpdateServer.ZONE, Type.A, DClass.IN), Section.ZONE);
        notSoa.addRecord(Record.fromString(name("www.example.com."), Type.A, DClass.IN, 60, "192.0.2.10", Name.root),
                Section.UPDATE);
        assertEquals(Rcode.FORMERR, server.send(notSoa, UpdateServer.KEY).getRcode()); // §3.1.1: ZTYPE must be SOA
        assertEquals(1, server.serial());
    }

    @Test
    void theApexKeepsItsSoaAndLastNsAndCnamesStayAlone() throws Exception {
        Update apex = update();
        apex.delete(UpdateServer.ZONE, Type.NS);
        apex.delete(UpdateServer.ZONE, Type.SOA);
        apex.delete(UpdateServer.ZONE, Type.NS, "ns1.example.com.");
        apex.delete(UpdateServer.ZONE); // ANY ANY at the apex: all but SOA and NS
        assertEquals(Rcode.NOERROR, send(apex));
        assertEquals(1, server.lookup("example.com.", Type.NS).size());
        assertTrue(server.lookup("example.com.", Type.MX).isEmpty(), "the MX went");
        assertEquals(2, server.serial());

        Update cname = update();
        cname.add(name("www.example.com."), Type.CNAME, 60, "elsewhere.example.com."); // beside an A: ignored
        cname.add(name("alias.example.com."), Type.A, 60, "192.0.2.11");              // beside a CNAME: ignored
        cname.add(name("alias.example.com."), Type.CNAME, 60, "ns1.example.com.");    // replaces the CNAME
        assertEquals(Rcode.NOERROR, send(cname));
        assertTrue(server.lookup("www.example.com.", Type.CNAME).isEmpty());
        List<Record> alias = server.lookup("alias.example.com.", Type.CNAME);
        assertEquals(List.of("ns1.example.com."), alias.stream().map(r -> r.rdataToString()).toList());

        Update older = update();
        older.add(UpdateServer.ZONE, Type.SOA, 3600, "ns1 hostmaster 1 7200 3600 1209600 300");
        assertEquals(Rcode.NOERROR, send(older));
        assertEquals(3, server.serial(), "an older SOA is ignored");
        Update newer = update();
        newer.add(UpdateServer.ZONE, Type.SOA, 3600, "ns1 hostmaster 2026120601 7200 3600 1209600 300");
        assertEquals(Rcode.NOERROR, send(newer));
        assertEquals(2026120601L, server.serial(), "a newer SOA's serial is taken as it is");
    }

    @Test
    void refusedWithoutTheKeyTheAclNamesAndNotAuthWithAWrongSignature() throws Exception {
        Update unsigned = update();
        unsigned.add(name("u.example.com."), Type.A, 60, "192.0.2.20");
        Message reply = LoopbackClient.tcp(server.address(), unsigned).orElseThrow();
        assertEquals(Rcode.REFUSED, reply.getRcode());

        Update otherKey = update();
        otherKey.add(name("u.example.com."), Type.A, 60, "192.0.2.20");
        assertEquals(Rcode.REFUSED, server.send(otherKey, UpdateServer.OTHER).getRcode());

        Update forged = update();
        forged.add(name("u.example.com."), Type.A, 60, "192.0.2.20");
        var wrongSecret = dev.jdns.authoritative.tsig.TsigKey.of("upd-key", "hmac-sha256",
                "d3Jvbmctd3Jvbmctd3Jvbmctd3Jvbmctd3Jvbmch");
        Message badSig = server.send(forged, wrongSecret);
        assertEquals(Rcode.NOTAUTH, badSig.getRcode());
        assertEquals(Rcode.BADSIG, badSig.getTSIG().getError());
        assertTrue(server.lookup("u.example.com.", Type.A).isEmpty());
        assertEquals(1, server.serial());
    }

    @Test
    void concurrentUpdatesAreSerialisedAndNoneIsLost() throws Exception {
        int clients = 8; // below the front end's 10 TCP connections per client address
        List<Thread> threads = new ArrayList<>();
        AtomicInteger acknowledged = new AtomicInteger();
        for (int i = 0; i < clients; i++) {
            String host = "c" + i + ".example.com.";
            threads.add(Thread.ofPlatform().start(() -> {
                Update u = update();
                u.absent(name(host));
                try {
                    u.add(name(host), Type.A, 60, "192.0.2.30");
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
                if (server.send(u).getRcode() == Rcode.NOERROR) {
                    acknowledged.incrementAndGet();
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        assertEquals(clients, acknowledged.get());
        for (int i = 0; i < clients; i++) {
            assertEquals(1, server.lookup("c" + i + ".example.com.", Type.A).size(), "c" + i);
        }
        assertEquals(1 + clients, server.serial());
    }

    @Test
    void updatesAreReplayedAfterARestartUntilTheZoneFileMovesOn() throws Exception {
        Update add = update();
        add.add(name("_acme-challenge.example.com."), Type.TXT, 60, "\"kept\"");
        assertEquals(Rcode.NOERROR, send(add));
        Update delete = update();
        delete.delete(name("www.example.com."), Type.A, "192.0.2.1");
        assertEquals(Rcode.NOERROR, send(delete));
        server.close();

        server = new UpdateServer(zoneFile, dir.resolve("state"));
        assertEquals(1, server.lookup("_acme-challenge.example.com.", Type.TXT).size());
        assertTrue(server.lookup("www.example.com.", Type.A).isEmpty());
        assertEquals(3, server.serial());
        Update more = update();
        more.add(name("after.example.com."), Type.A, 60, "192.0.2.40");
        assertEquals(Rcode.NOERROR, send(more));
        assertEquals(4, server.serial());
        server.close();

        Files.writeString(zoneFile, ZONE_TEXT.replace(" 1 7200", " 10 7200"));
        server = new UpdateServer(zoneFile, dir.resolve("state"));
        assertEquals(10, server.serial());
        assertTrue(server.lookup("_acme-challenge.example.com.", Type.TXT).isEmpty(), "the file wins");
        assertEquals(1, server.lookup("www.example.com.", Type.A).size());
    }

    @Test
    void anUpdateThatCannotBeJournaledIsServfailAndChangesNothing() throws Exception {
        Update first = update();
        first.add(name("one.example.com."), Type.A, 60, "192.0.2.61");
        assertEquals(Rcode.NOERROR, send(first));
        Path journal = dir.resolve("state/example.com.updates");
        Files.delete(journal);
        Files.createDirectory(journal); // in the way: the append fails, as on a full or failing disk
        Update failing = update();
        failing.add(name("lost.example.com."), Type.A, 60, "192.0.2.62");
        assertEquals(Rcode.SERVFAIL, send(failing));
        assertTrue(server.lookup("lost.example.com.", Type.A).isEmpty());
        assertEquals(2, server.serial());

        Files.delete(journal);
        Update next = update();
        next.add(name("next.example.com."), Type.A, 60, "192.0.2.63");
        assertEquals(Rcode.NOERROR, send(next));
        server.close();
        server = new UpdateServer(zoneFile, dir.resolve("state"));
        assertEquals(1, server.lookup("next.example.com.", Type.A).size(), "journaled whole after the failure");
        assertEquals(3, server.serial());
    }

    @Test
    void anUpdateIsServedByIxfrFromTheJournal() throws Exception {
        Update add = update();
        add.add(name("ixfr.example.com."), Type.A, 60, "192.0.2.50");
        assertEquals(Rcode.NOERROR, send(add));
        Message ixfr = dev.jdns.transport.testing.TestQueries.query("example.com.", Type.IXFR);
        ixfr.addRecord(Record.fromString(UpdateServer.ZONE, Type.SOA, DClass.IN, 3600,
                "ns1 hostmaster 1 7200 3600 1209600 300", UpdateServer.ZONE), Section.AUTHORITY);
        Message reply = LoopbackClient.tcp(server.address(), ixfr).orElseThrow();
        List<Record> answer = reply.getSection(Section.ANSWER);
        // RFC 1995 §4: SOA 2, SOA 1, (nothing deleted), SOA 2, the added record, SOA 2.
        assertEquals(List.of(Type.SOA, Type.SOA, Type.SOA, Type.A, Type.SOA),
                answer.stream().map(Record::getType).toList(), answer.toString());
    }
}
