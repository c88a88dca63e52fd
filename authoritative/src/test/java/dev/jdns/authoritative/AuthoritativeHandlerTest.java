package dev.jdns.authoritative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.Protocol;
import dev.jdns.transport.Query;
import dev.jdns.transport.Response;
import dev.jdns.transport.testing.TestQueries;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** What the handler decides before any zone data is looked at: opcodes, classes, CHAOS identity, meta qtypes. */
class AuthoritativeHandlerTest {

    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40000);

    @TempDir
    Path dir;

    private ZoneCatalog catalog;

    @BeforeEach
    void loadZone() throws Exception {
        catalog = ZoneCatalog.of(List.of(ZoneTexts.load(dir, "example.com.zone", ZoneTexts.SOA + """
                @    NS  ns1
                ns1  A   192.0.2.53
                www  A   192.0.2.80
                """)));
    }

    private Message ask(ChaosIdentity chaos, Message query) {
        AuthoritativeHandler handler = AuthoritativeHandler.serving(() -> catalog).chaos(chaos).build();
        Response response = handler.handle(new Query(query, CLIENT, Protocol.UDP));
        return assertInstanceOf(Response.Single.class, response).message();
    }

    private Message ask(Message query) {
        return ask(new ChaosIdentity(Optional.of("jdns test"), Optional.of("ns-a")), query);
    }

    private static Message query(String name, int type, int dclass) {
        return Message.newQuery(Record.newRecord(TestQueries.name(name), type, dclass));
    }

    @ParameterizedTest
    @ValueSource(ints = {Opcode.NOTIFY, Opcode.UPDATE, Opcode.STATUS, Opcode.IQUERY})
    void opcodesOtherThanQueryAreNotImplemented(int opcode) {
        Message query = TestQueries.query("www.example.com", Type.A);
        query.getHeader().setOpcode(opcode);
        Message reply = ask(query);
        assertEquals(Rcode.NOTIMP, reply.getRcode());
        assertEquals(opcode, reply.getHeader().getOpcode(), "the opcode is echoed (RFC 1035 §4.1.1)");
        assertEquals(query.getHeader().getID(), reply.getHeader().getID());
    }

    @Test
    void answersFromItsZonesAuthoritatively() {
        Message reply = ask(TestQueries.query("www.example.com", Type.A));
        assertEquals(Rcode.NOERROR, reply.getRcode());
        assertTrue(reply.getHeader().getFlag(Flags.AA));
        assertEquals("192.0.2.80", reply.getSection(Section.ANSWER).getFirst().rdataToString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.org", "com", ".", "www.example.net"})
    void namesOutsideOurZonesAreRefused(String name) {
        Message reply = ask(TestQueries.query(name, Type.A));
        assertEquals(Rcode.REFUSED, reply.getRcode());
        assertFalse(reply.getHeader().getFlag(Flags.AA));
        assertTrue(reply.getSection(Section.ANSWER).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(ints = {DClass.HS, DClass.NONE, DClass.ANY, 42})
    void classesOtherThanInAndChaosAreRefused(int dclass) {
        assertEquals(Rcode.REFUSED, ask(query("www.example.com", Type.A, dclass)).getRcode());
    }

    @ParameterizedTest
    @CsvSource({"version.bind, jdns test", "version.server, jdns test", "id.server, ns-a", "hostname.bind, ns-a",
        "VERSION.BIND, jdns test"})
    void chaosIdentityIsAnsweredAsTxt(String name, String expected) {
        Message reply = ask(query(name, Type.TXT, DClass.CH));
        assertEquals(Rcode.NOERROR, reply.getRcode());
        assertTrue(reply.getHeader().getFlag(Flags.AA));
        TXTRecord txt = (TXTRecord) reply.getSection(Section.ANSWER).getFirst();
        assertEquals(DClass.CH, txt.getDClass());
        assertEquals(List.of(expected), txt.getStrings());
        assertEquals(0, txt.getTTL(), "an instance's identity is not to be cached");
    }

    @ParameterizedTest
    @CsvSource({"version.bind, TXT", "id.server, TXT", "hostname.bind, TXT", "version.server, ANY"})
    void hiddenChaosIdentityIsRefused(String name, String type) {
        Message reply = ask(ChaosIdentity.hidden(), query(name, Type.value(type), DClass.CH));
        assertEquals(Rcode.REFUSED, reply.getRcode());
        assertTrue(reply.getSection(Section.ANSWER).isEmpty());
    }

    @ParameterizedTest
    @CsvSource({"version.bind, A", "other.bind, TXT", "version.bind.example.com, TXT"})
    void unknownChaosQuestionsAreRefused(String name, String type) {
        assertEquals(Rcode.REFUSED, ask(query(name, Type.value(type), DClass.CH)).getRcode());
    }

    @Test
    void onlyTheVersionCanBeHidden() {
        ChaosIdentity idOnly = new ChaosIdentity(Optional.empty(), Optional.of("ns-b"));
        assertEquals(Rcode.REFUSED, ask(idOnly, query("version.bind", Type.TXT, DClass.CH)).getRcode());
        assertEquals(Rcode.NOERROR, ask(idOnly, query("id.server", Type.TXT, DClass.CH)).getRcode());
    }

    @ParameterizedTest
    @ValueSource(ints = {Type.MAILA, Type.MAILB, Type.TKEY, Type.TSIG})
    void metaQueryTypesAreNotImplemented(int qtype) {
        assertEquals(Rcode.NOTIMP, ask(TestQueries.query("www.example.com", qtype)).getRcode());
    }

    @Test
    void anyIsAnsweredMinimally() {
        Message reply = ask(TestQueries.query("www.example.com", Type.ANY));
        assertEquals(Rcode.NOERROR, reply.getRcode());
        assertEquals(1, reply.getSection(Section.ANSWER).size());
    }

    @Test
    void axfrOverUdpIsRefusedEvenToAllowedClients() {
        // RFC 5936 §4.2; IXFR over UDP is allowed (RFC 1995 §2): IxfrTest.
        AuthoritativeHandler handler = AuthoritativeHandler.serving(() -> catalog)
                .allowTransfer(List.of(dev.jdns.transport.Cidr.parse("127.0.0.0/8"))).build();
        Response response = handler.handle(
                new Query(TestQueries.query("example.com", Type.AXFR), CLIENT, Protocol.UDP));
        assertEquals(Rcode.REFUSED, assertInstanceOf(Response.Single.class, response).message().getRcode());
    }

    @Test
    void readsTheCatalogPerQuerySoAReloadIsSeenAtOnce() throws Exception {
        AuthoritativeHandler handler = AuthoritativeHandler.serving(() -> catalog).build();
        Message query = TestQueries.query("new.example.org", Type.A);
        Response before = handler.handle(new Query(query, CLIENT, Protocol.UDP));
        assertEquals(Rcode.REFUSED, ((Response.Single) before).message().getRcode());
        catalog = catalog.with(ZoneTexts.load(dir, "example.org.zone", ZoneTexts.SOA + """
                @    NS  ns1.example.com.
                new  A   192.0.2.7
                """));
        Response after = handler.handle(new Query(query, CLIENT, Protocol.UDP));
        assertEquals(Rcode.NOERROR, ((Response.Single) after).message().getRcode());
    }
}
