package dev.jdns.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.client.ScriptedServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * QNAME minimisation (RFC 9156) on the simulated internet: what each server is asked, with and without it; empty
 * non-terminals walked through; servers that deny or refuse a shortened name still answer the full question (the
 * relaxed behaviour of Unbound) and are not held to have failed; and the §2.3 bound on a name of many labels.
 */
class QnameMinimisationTest {

    private static final String BROKEN_ENT_SERVER = "192.0.2.160";

    @TempDir
    Path dir;

    private SimulatedHierarchy net;

    @AfterEach
    void close() throws IOException {
        if (net != null) {
            net.close();
        }
    }

    @Test
    void eachServerSeesOnlyOneLabelMoreThanItsZone() throws IOException {
        net = new SimulatedHierarchy(dir);

        Resolution resolution = net.ask("txtonly.example.test.", Type.TXT);

        assertEquals(Rcode.NOERROR, resolution.rcode());
        assertEquals(List.of(". NS", "test. A"), net.upstreams.questionsAt(SimulatedHierarchy.ROOT),
                "the priming question (RFC 9609) names no more than the root");
        assertEquals(List.of("example.test. A"), net.upstreams.questionsAt(SimulatedHierarchy.TLD_TEST));
        assertEquals(List.of("txtonly.example.test. TXT"), net.upstreams.questionsAt(SimulatedHierarchy.EXAMPLE_TEST),
                "the zone's own server gets the original question");
    }

    @Test
    void withoutMinimisationEveryServerSeesTheWholeQuestion() throws IOException {
        net = new SimulatedHierarchy(dir).qnameMinimisation(false);

        assertEquals(Rcode.NOERROR, net.ask("txtonly.example.test.", Type.TXT).rcode());
        assertEquals(List.of(". NS", "txtonly.example.test. TXT"), net.upstreams.questionsAt(SimulatedHierarchy.ROOT));
        assertEquals(List.of("txtonly.example.test. TXT"), net.upstreams.questionsAt(SimulatedHierarchy.TLD_TEST));
    }

    @Test
    void emptyNonTerminalsAreWalkedThroughOneLabelAtATime() throws IOException {
        net = new SimulatedHierarchy(dir, "x.y.z 3600 A 203.0.113.50\n");

        Resolution resolution = net.ask("x.y.z.test.");

        assertEquals(Rcode.NOERROR, resolution.rcode());
        assertEquals("203.0.113.50", firstAddress(resolution));
        assertEquals(List.of("z.test. A", "y.z.test. A", "x.y.z.test. A"),
                net.upstreams.questionsAt(SimulatedHierarchy.TLD_TEST));
    }

    @Test
    void aServerThatDeniesEmptyNonTerminalsIsAskedTheFullQuestion() throws IOException {
        net = brokenEntZone(Rcode.NXDOMAIN);

        Resolution resolution = net.ask("www.deep.broken.test.");

        assertEquals(Rcode.NOERROR, resolution.rcode());
        assertEquals("203.0.113.70", firstAddress(resolution));
        assertEquals(List.of("deep.broken.test. A", "www.deep.broken.test. A"),
                net.upstreams.questionsAt(BROKEN_ENT_SERVER));
    }

    @Test
    void aServerThatRefusesAShortenedNameIsNotHeldToHaveFailed() throws IOException {
        net = brokenEntZone(Rcode.REFUSED);

        for (String name : List.of("www.deep.broken.test.", "mail.deep.broken.test.", "www.deep.broken.test.")) {
            Resolution resolution = net.ask(name);
            assertEquals(Rcode.NOERROR, resolution.rcode(), name);
            assertEquals("203.0.113.70", firstAddress(resolution), name);
        }
        assertEquals(4, net.upstreams.queriesAt(BROKEN_ENT_SERVER),
                "each new name: the shortened question refused, then the full one; the third from the cache");
    }

    @Test
    void aNameOfManyLabelsCostsAtMostTheMinimisationBound() throws IOException {
        String labels = IntStream.rangeClosed(1, 20).mapToObj(i -> "l" + i).collect(Collectors.joining("."));
        net = new SimulatedHierarchy(dir, labels + " 3600 A 203.0.113.51\n");

        Resolution resolution = net.ask(labels + ".test.");

        assertEquals("203.0.113.51", firstAddress(resolution));
        List<String> asked = net.upstreams.questionsAt(SimulatedHierarchy.TLD_TEST);
        assertEquals(labels + ".test. A", asked.getLast(), "the original question last");
        assertTrue(asked.size() + 1 <= 10 + 1, "RFC 9156 §2.3: 10 minimised queries at most (the root's "
                + "included), then the full one: " + asked);
        assertEquals(List.of(". NS", "test. A"), net.upstreams.questionsAt(SimulatedHierarchy.ROOT));
        assertEquals(List.of("l20.test. A", "l19.l20.test. A", "l18.l19.l20.test. A"), asked.subList(0, 3),
                "the first four minimised queries (the root's is the first) add one label each");
        assertEquals("l15.l16.l17.l18.l19.l20.test. A", asked.get(3), "then the labels left are shared out");
    }

    /**
     * {@code broken.test.} on a server that answers only the names it holds: every other name, the empty
     * non-terminal {@code deep.broken.test.} among them, gets {@code shortNameRcode} (with AA, as a server that
     * believes it).
     */
    private SimulatedHierarchy brokenEntZone(int shortNameRcode) throws IOException {
        SimulatedHierarchy hierarchy = new SimulatedHierarchy(dir,
                "broken 3600 NS ns.broken\nns.broken 3600 A " + BROKEN_ENT_SERVER + "\n");
        hierarchy.upstreams.script(BROKEN_ENT_SERVER, (query, raw, client, socket) -> {
            Message reply = new Message(query.getHeader().getID());
            reply.getHeader().setFlag(Flags.QR);
            reply.getHeader().setFlag(Flags.AA);
            reply.addRecord(query.getQuestion(), Section.QUESTION);
            Name name = query.getQuestion().getName();
            if (name.labels() == 5 && query.getQuestion().getType() == Type.A) { // www. or mail.deep.broken.test.
                reply.addRecord(new ARecord(name, DClass.IN, 300, Upstreams.address("203.0.113.70")),
                        Section.ANSWER);
            } else {
                reply.getHeader().setRcode(shortNameRcode);
            }
            ScriptedServer.sendUdp(socket, client, reply);
        }, null);
        return hierarchy;
    }

    private static String firstAddress(Resolution resolution) {
        for (Record record : resolution.answer()) {
            if (record instanceof ARecord a) {
                return a.getAddress().getHostAddress();
            }
        }
        return "none in " + resolution.answer();
    }
}
