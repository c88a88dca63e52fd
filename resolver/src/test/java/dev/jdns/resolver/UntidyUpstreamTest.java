package dev.jdns.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.client.ScriptedServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Untidy but harmless data from real servers (issue "robust iteration"), each case a scripted server on the
 * simulated internet: the resolver answers as Unbound does where a strict reading would give SERVFAIL.
 */
class UntidyUpstreamTest {

    private static final String QUIRKY = "192.0.2.170";
    private static final String NS_FARM = "192.0.2.171";

    @TempDir
    Path dir;
    private SimulatedHierarchy net;

    @AfterEach
    void stop() throws IOException {
        if (net != null) {
            net.close();
        }
    }

    /** quirky.test. served by {@code script}. */
    private SimulatedHierarchy quirky(ScriptedServer.UdpScript script) throws IOException {
        SimulatedHierarchy hierarchy = new SimulatedHierarchy(dir,
                "quirky 3600 NS ns.quirky\nns.quirky 3600 A " + QUIRKY + "\n");
        hierarchy.upstreams.script(QUIRKY, script, null);
        return hierarchy;
    }

    @Test
    void anEmptyAuthoritativeNoErrorWithoutSoaIsNoDataNotServfail() throws IOException {
        net = quirky((query, raw, client, socket) -> ScriptedServer.sendUdp(socket, client, authoritative(query)));

        Resolution resolution = net.ask("www.quirky.test.", Type.AAAA);

        assertEquals(Rcode.NOERROR, resolution.rcode());
        assertTrue(resolution.answer().isEmpty(), resolution.answer().toString());
    }

    @Test
    void answerRecordsOfATypeNotAskedAreDroppedNotFatal() throws IOException {
        net = quirky((query, raw, client, socket) -> {
            Message reply = authoritative(query);
            Name name = query.getQuestion().getName();
            reply.addRecord(new TXTRecord(name, DClass.IN, 300, "not asked for"), Section.ANSWER);
            reply.addRecord(new ARecord(name, DClass.IN, 300, Upstreams.address("203.0.113.71")), Section.ANSWER);
            ScriptedServer.sendUdp(socket, client, reply);
        });

        Resolution resolution = net.ask("www.quirky.test.");

        assertEquals(Rcode.NOERROR, resolution.rcode());
        assertEquals(List.of("203.0.113.71"), IterationTest.addresses(resolution));
        assertTrue(resolution.answer().stream().noneMatch(record -> record.getType() == Type.TXT));
    }

    @Test
    void aServerRefusingOneTypeStillAnswersTheOthers() throws IOException {
        net = quirky((query, raw, client, socket) -> {
            Message reply = authoritative(query);
            if (query.getQuestion().getType() == Type.AAAA) {
                reply.getHeader().setRcode(Rcode.REFUSED);
            } else {
                reply.addRecord(new ARecord(query.getQuestion().getName(), DClass.IN, 300,
                        Upstreams.address("203.0.113.72")), Section.ANSWER);
            }
            ScriptedServer.sendUdp(socket, client, reply);
        });

        assertEquals(Rcode.SERVFAIL, net.ask("www.quirky.test.", Type.AAAA).rcode());
        Resolution a = net.ask("www.quirky.test.");

        assertEquals(Rcode.NOERROR, a.rcode());
        assertEquals(List.of("203.0.113.72"), IterationTest.addresses(a));
    }

    /**
     * RFC 2181 §10.3 forbids an NS name that is an alias; resolvers follow it anyway (BIND, Unbound), and so does
     * jdns, within the alias limit.
     */
    @Test
    void aNameServerNameThatIsAnAliasIsFollowed() throws IOException {
        net = new SimulatedHierarchy(dir, """
                aliased 3600 NS nsalias.nsfarm
                nsfarm  3600 NS ns.nsfarm
                ns.nsfarm 3600 A %s
                """.formatted(NS_FARM));
        net.upstreams.serve(NS_FARM, new FakeZone("nsfarm.test.", """
                @       NS    ns
                ns      A     %s
                nsalias CNAME realns
                realns  A     %s
                """.formatted(NS_FARM, QUIRKY)));
        net.upstreams.serve(QUIRKY, new FakeZone("aliased.test.", "@ NS nsalias.nsfarm.test.\nwww A 203.0.113.73\n"));

        Resolution resolution = net.ask("www.aliased.test.");

        assertEquals(Rcode.NOERROR, resolution.rcode());
        assertEquals(List.of("203.0.113.73"), IterationTest.addresses(resolution));
    }

    private static Message authoritative(Message query) {
        Message reply = new Message(query.getHeader().getID());
        reply.getHeader().setFlag(Flags.QR);
        reply.getHeader().setFlag(Flags.AA);
        reply.addRecord(query.getQuestion(), Section.QUESTION);
        return reply;
    }
}
