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
    private static final String DEAD = "192.0.2.172";

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

    /**
     * The child's own NS set names only a server the parent does not, and that server is dead; the parent's server
     * (with its glue) is the one that works. Once the client has fetched the child's set, names under the zone are
     * still answered, round after round: iteration keeps to the delegation the parent gave.
     */
    @Test
    void aChildNsSetNamingOnlyADeadServerDoesNotStopAnswers() throws IOException {
        net = new SimulatedHierarchy(dir, """
                split 3600 NS ns1.split
                ns1.split 3600 A %s
                """.formatted(QUIRKY));
        net.upstreams.serve(QUIRKY, new FakeZone("split.test.", """
                @    NS ns2
                ns2  A  %s
                www  A  203.0.113.74
                """.formatted(DEAD))).silent(DEAD);

        assertEquals(List.of("split.test. NS ns2.split.test."), net.ask("split.test.", Type.NS).answer().stream()
                .map(record -> record.getName() + " NS " + record.rdataToString()).toList(), "the child's own set");
        for (int round = 0; round < 3; round++) {
            Resolution resolution = net.ask("www.split.test.");
            assertEquals(Rcode.NOERROR, resolution.rcode(), "round " + round);
            assertEquals(List.of("203.0.113.74"), IterationTest.addresses(resolution), "round " + round);
            net.ticker.advance(java.time.Duration.ofSeconds(301)); // the answer expires, the cuts stay
        }
    }

    private static Message authoritative(Message query) {
        Message reply = new Message(query.getHeader().getID());
        reply.getHeader().setFlag(Flags.QR);
        reply.getHeader().setFlag(Flags.AA);
        reply.addRecord(query.getQuestion(), Section.QUESTION);
        return reply;
    }
}
