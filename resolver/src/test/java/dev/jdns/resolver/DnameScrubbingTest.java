package dev.jdns.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.client.ScriptedServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNAMERecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A DNAME in an answer is checked and scrubbed like a CNAME (issue "robust iteration", RFC 6672 §3): its owner
 * must be inside the bailiwick of the server and above a name of the chain, and a CNAME synthesised from it must
 * be its substitution. Each case a scripted server under {@code dn.test.} that adds the data to the answers of
 * a correct zone.
 */
class DnameScrubbingTest {

    private static final String DN = "192.0.2.190";
    private static final String SUB = "192.0.2.191";
    private static final Name D = Name.fromConstantString("d.dn.test.");

    @TempDir
    Path dir;
    private SimulatedHierarchy net;
    private final FakeZone dn = new FakeZone("dn.test.", """
            @     NS    ns
            ns    A     %s
            sub   NS    ns.sub
            ns.sub A    %s
            d     DNAME other.lab.
            a     CNAME host.d
            evil  A     198.51.100.66
            www   A     203.0.113.90
            """.formatted(DN, SUB));
    private final FakeZone sub = new FakeZone("sub.dn.test.", "@ NS ns\nns A " + SUB + "\n");

    @BeforeEach
    void start() throws IOException {
        net = new SimulatedHierarchy(dir, "dn 3600 NS ns.dn\nns.dn 3600 A " + DN + "\n");
    }

    @AfterEach
    void stop() throws IOException {
        net.close();
    }

    /**
     * host.d.dn.test. under the DNAME, with a CNAME that is not its substitution: the DNAME wins. Failed before for a
     * CNAME question: the server's CNAME was the data asked for, cached, and followed by the A question after it.
     */
    @Test
    void aSynthesisedCnameThatIsNotTheSubstitutionIsReplacedByIt() throws IOException {
        serveDn((name, reply) -> {
            if (name.equals(Name.fromConstantString("host.d.dn.test."))) {
                reply.removeAllRecords(Section.ANSWER);
                reply.addRecord(dname(), Section.ANSWER);
                reply.addRecord(cname("host.d.dn.test.", "evil.dn.test."), Section.ANSWER);
            }
        });

        Resolution alias = net.ask("host.d.dn.test.", Type.CNAME);
        Resolution address = net.ask("host.d.dn.test.");

        assertEquals(List.of("other.lab.", "host.other.lab."), targets(alias));
        assertEquals(List.of("host.other.lab.", "203.0.113.3"), targets(address), "the substitution, as cached");
    }

    /**
     * A CNAME chain in one answer passes under the DNAME: a.dn.test. -> host.d.dn.test., and the server adds a CNAME
     * for host.d.dn.test. of its own. Failed before: that CNAME was cached and followed, to evil.dn.test.
     */
    @Test
    void aCnameBelowADnameOnTheChainMustBeTheSubstitution() throws IOException {
        serveDn((name, reply) -> {
            if (name.equals(Name.fromConstantString("a.dn.test."))) {
                reply.addRecord(dname(), Section.ANSWER);
                reply.addRecord(cname("host.d.dn.test.", "evil.dn.test."), Section.ANSWER);
            }
        });

        Resolution resolution = net.ask("a.dn.test.");

        assertEquals(Rcode.NOERROR, resolution.rcode());
        assertEquals(List.of("host.d.dn.test.", "other.lab.", "host.other.lab.", "203.0.113.3"),
                targets(resolution));
    }

    /**
     * The server of sub.dn.test. sends a DNAME for dn.test., above its zone, and a CNAME that does not match it: the
     * DNAME is out of its bailiwick, dropped, and judges nothing; the CNAME (inside the zone) is followed.
     */
    @Test
    void aDnameOutsideTheServersBailiwickIsDropped() throws IOException {
        serveDn((name, reply) -> { });
        net.upstreams.script(SUB, (query, raw, client, socket) -> {
            Message reply = sub.answer(query);
            if (query.getQuestion().getName().equals(Name.fromConstantString("host.sub.dn.test."))) {
                reply.getHeader().setRcode(Rcode.NOERROR);
                reply.removeAllRecords(Section.AUTHORITY);
                reply.addRecord(new DNAMERecord(Name.fromConstantString("dn.test."), DClass.IN, 300,
                        Name.fromConstantString("evil.lab.")), Section.ANSWER);
                reply.addRecord(cname("host.sub.dn.test.", "www.other.lab."), Section.ANSWER);
            }
            ScriptedServer.sendUdp(socket, client, reply);
        }, null);

        Resolution resolution = net.ask("host.sub.dn.test.");

        assertEquals(List.of("www.other.lab.", "203.0.113.2"), targets(resolution));
        assertTrue(resolution.answer().stream().noneMatch(record -> record.getType() == Type.DNAME));
    }

    /** A DNAME whose owner is above no name of the chain is dropped: it is not cached and redirects nothing. */
    @Test
    void aDnameAboveNoNameOfTheChainIsDropped() throws IOException {
        serveDn((name, reply) -> {
            if (name.equals(Name.fromConstantString("www.dn.test."))) {
                reply.addRecord(new DNAMERecord(Name.fromConstantString("x.dn.test."), DClass.IN, 300,
                        Name.fromConstantString("other.lab.")), Section.ANSWER);
            }
        });

        Resolution www = net.ask("www.dn.test.");
        Resolution below = net.ask("host.x.dn.test.");

        assertEquals(List.of("203.0.113.90"), targets(www));
        assertEquals(Rcode.NXDOMAIN, below.rcode(), below.answer().toString());
    }

    /** What the server of dn.test. adds to (or changes in) its correct answer for a name. */
    @FunctionalInterface
    private interface Tamper {
        void tamper(Name name, Message reply);
    }

    private void serveDn(Tamper tamper) {
        net.upstreams.script(DN, (query, raw, client, socket) -> {
            Message reply = dn.answer(query);
            tamper.tamper(query.getQuestion().getName(), reply);
            ScriptedServer.sendUdp(socket, client, reply);
        }, null);
    }

    private static DNAMERecord dname() {
        return new DNAMERecord(D, DClass.IN, 300, Name.fromConstantString("other.lab."));
    }

    private static CNAMERecord cname(String owner, String target) {
        return new CNAMERecord(Name.fromConstantString(owner), DClass.IN, 300, Name.fromConstantString(target));
    }

    /** The answer section's right-hand sides, in order: alias targets, DNAME targets and addresses. */
    private static List<String> targets(Resolution resolution) {
        return resolution.answer().stream().map(Record::rdataToString).toList();
    }
}
