package dev.jdns.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.Cidr;
import dev.jdns.transport.Protocol;
import dev.jdns.transport.Query;
import dev.jdns.transport.Response;
import dev.jdns.transport.ServerMetrics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The resolver as a query handler: access control, opcodes, flags, and what RD=0 means. */
class RecursiveHandlerTest {

    private static final InetSocketAddress LOCAL_CLIENT = new InetSocketAddress("127.0.0.1", 40000);

    @TempDir
    Path dir;
    private SimulatedHierarchy net;
    private RecursiveHandler handler;

    @BeforeEach
    void build() throws IOException {
        net = new SimulatedHierarchy(dir);
        handler = new RecursiveHandler(net.resolver());
    }

    @AfterEach
    void stop() throws IOException {
        net.close();
    }

    @Test
    void aRecursiveQueryGetsRaAndRdWithoutAaAndTheQuestionAsAsked() {
        Message reply = handle(query("WwW.Example.TEST.", Type.A, true), LOCAL_CLIENT);

        assertEquals(Rcode.NOERROR, reply.getRcode());
        assertTrue(reply.getHeader().getFlag(Flags.RA));
        assertTrue(reply.getHeader().getFlag(Flags.RD));
        assertFalse(reply.getHeader().getFlag(Flags.AA));
        assertEquals("WwW.Example.TEST.", reply.getQuestion().getName().toString());
        assertEquals(1, reply.getSection(Section.ANSWER).size());
    }

    @Test
    void clientsOutsideTheAllowListAreRefusedWithoutAnyUpstreamQuery() {
        Message reply = handle(query("www.example.test.", Type.A, true), new InetSocketAddress("192.0.2.99", 5353));

        assertEquals(Rcode.REFUSED, reply.getRcode());
        assertEquals(0, net.upstreams.totalQueries());
    }

    @Test
    void anAllowListAdmitsItsBlocks() throws IOException {
        handler = new RecursiveHandler(net.resolver(), List.of(Cidr.parse("192.0.2.0/24")));

        assertEquals(Rcode.NOERROR,
                handle(query("www.example.test.", Type.A, true), new InetSocketAddress("192.0.2.99", 5353)).getRcode());
        assertEquals(Rcode.REFUSED, handle(query("www.example.test.", Type.A, true), LOCAL_CLIENT).getRcode());
    }

    @Test
    void opcodesOtherThanQueryAreNotImplemented() {
        Message notify = query("example.test.", Type.SOA, false);
        notify.getHeader().setOpcode(Opcode.NOTIFY);

        assertEquals(Rcode.NOTIMP, handle(notify, LOCAL_CLIENT).getRcode());
    }

    @Test
    void otherClassesAndZoneTransfersAreRefused() {
        Message chaos = new Message();
        chaos.getHeader().setFlag(Flags.RD);
        chaos.addRecord(Record.newRecord(Name.fromConstantString("version.bind."), Type.TXT, DClass.CH),
                Section.QUESTION);

        assertEquals(Rcode.REFUSED, handle(chaos, LOCAL_CLIENT).getRcode());
        assertEquals(Rcode.REFUSED, handle(query("example.test.", Type.AXFR, true), LOCAL_CLIENT).getRcode());
        assertEquals(0, net.upstreams.totalQueries());
    }

    @Test
    void withoutRdNothingIsIteratedAndAMissIsAReferralToTheClosestKnownCut() {
        Message cold = handle(query("www.example.test.", Type.A, false), LOCAL_CLIENT);
        assertEquals(Rcode.NOERROR, cold.getRcode());
        assertTrue(cold.getSection(Section.ANSWER).isEmpty());
        assertEquals(Name.root, cold.getSection(Section.AUTHORITY).get(0).getName());
        assertFalse(cold.getHeader().getFlag(Flags.RD));
        assertEquals(0, net.upstreams.totalQueries());

        handle(query("www.example.test.", Type.A, true), LOCAL_CLIENT);
        int queries = net.upstreams.totalQueries();

        Message cached = handle(query("www.example.test.", Type.A, false), LOCAL_CLIENT);
        assertEquals(1, cached.getSection(Section.ANSWER).size());
        Message referral = handle(query("mail.example.test.", Type.A, false), LOCAL_CLIENT);
        assertTrue(referral.getSection(Section.ANSWER).isEmpty());
        NSRecord ns = (NSRecord) referral.getSection(Section.AUTHORITY).get(0);
        assertEquals(Name.fromConstantString("example.test."), ns.getName());
        assertEquals(queries, net.upstreams.totalQueries());
    }

    /** The reply; one the access list turned away must say so (the front end counts it, {@code acl}). */
    private Message handle(Message query, InetSocketAddress client) {
        Response response = handler.handle(new Query(query, client, Protocol.UDP));
        if (response instanceof Response.TurnedAway turnedAway) {
            assertEquals(ServerMetrics.Drop.ACL, turnedAway.reason());
            response = turnedAway.reply();
        }
        return ((Response.Single) response).message();
    }

    private static Message query(String name, int type, boolean recursionDesired) {
        Message query = Message.newQuery(Record.newRecord(Name.fromConstantString(name), type, DClass.IN));
        if (!recursionDesired) {
            query.getHeader().unsetFlag(Flags.RD);
        }
        return query;
    }
}
