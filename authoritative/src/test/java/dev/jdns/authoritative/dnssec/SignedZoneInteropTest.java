package dev.jdns.authoritative.dnssec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.jdns.authoritative.LoadedZone;
import dev.jdns.transport.testing.LoopbackClient;
import dev.jdns.transport.testing.peers.Nsd;
import dev.jdns.transport.testing.peers.PeerProcess;
import dev.jdns.transport.testing.peers.Unbound;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The zone jdns signs, written to a file and served by NSD, is validated by Unbound given only the DS jdns wrote
 * as its trust anchor: answers, NXDOMAIN, NODATA, a wildcard, an empty non-terminal and the no-DS proof of an
 * unsigned delegation all come back with AD (save what opt-out leaves unprovable by design). A wrong signature or
 * a broken chain would be SERVFAIL, a missing proof no AD. This proves the signatures and the chains without jdns serving them.
 */
class SignedZoneInteropTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Denial.class)
    void unboundValidatesTheSignedZoneServedByNsd(Denial denial) throws Exception {
        Path state = dir.resolve("state");
        OnlineSigning signing = new OnlineSigning(new OnlineSigning.Selection(true, Set.of()), state,
                KeyLayout.CSK, denial, SignaturePolicy.DEFAULT, InstantSource.system());
        LoadedZone signed = signing.prepare(SigningFixtures.load(dir, SigningFixtures.ZONE));
        Path zoneFile = SigningFixtures.write(dir, "signed.example.signed", signed);
        Path nsdDir = Files.createDirectories(dir.resolve("nsd"));
        Path unboundDir = Files.createDirectories(dir.resolve("unbound"));

        try (PeerProcess nsd = Nsd.start("127.0.0.1", Map.of("signed.example.", zoneFile), nsdDir);
                PeerProcess unbound = Unbound.startValidating(PeerProcess.freeAddress("127.0.0.1"),
                        setup(nsd, unboundDir), signing.dsFile(SigningFixtures.ORIGIN), unboundDir)) {
            // An opt-out NSEC3 says nothing of the names it covers (RFC 5155 section 6): a name it covers may be an
            // unsigned delegation, so NXDOMAIN and the wildcard's "no exact match" are provable only without it.
            boolean provable = denial != Denial.NSEC3_OPT_OUT;
            assertValidated(unbound, "www.signed.example.", Type.A, Rcode.NOERROR, 2, true);
            assertValidated(unbound, "nothing.signed.example.", Type.A, Rcode.NXDOMAIN, 0, provable);
            assertValidated(unbound, "www.signed.example.", Type.TXT, Rcode.NOERROR, 0, true);
            assertValidated(unbound, "anything.wild.signed.example.", Type.TXT, Rcode.NOERROR, 1, provable);
            assertValidated(unbound, "b.c.signed.example.", Type.A, Rcode.NOERROR, 0, true);
            assertValidated(unbound, "secure.signed.example.", Type.DS, Rcode.NOERROR, 1, true);
            assertValidated(unbound, "insecure.signed.example.", Type.DS, Rcode.NOERROR, 0, provable);
        }
    }

    /** Unbound reaches the zone through a stub to NSD; the root goes there too, so nothing leaves loopback. */
    private static Unbound.Setup setup(PeerProcess nsd, Path unboundDir) {
        String server = nsd.address().getAddress().getHostAddress() + "@" + nsd.address().getPort();
        return new Unbound.Setup(unboundDir.resolve("unused.hints"),
                Map.of(".", List.of(server), "signed.example.", List.of(server)), List.of(), List.of());
    }

    /** Unbound's answer has {@code rcode} and {@code answers} records of the type, and AD when {@code secure}. */
    private static void assertValidated(PeerProcess unbound, String name, int type, int rcode, int answers,
            boolean secure) {
        Message query = Message.newQuery(Record.newRecord(Name.fromConstantString(name), type, DClass.IN));
        query.getHeader().setFlag(Flags.RD);
        query.addRecord(new OPTRecord(1232, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
        Message reply = LoopbackClient.udpRaw(unbound.address(), query.toWire(), Duration.ofSeconds(5))
                .map(LoopbackClient::parse)
                .orElseThrow(() -> new AssertionError("no reply from Unbound for " + name + "; " + unbound.logText()));
        String what = name + " " + Type.string(type) + ": " + reply + "\n" + unbound.logText();
        assertEquals(Rcode.string(rcode), Rcode.string(reply.getRcode()), what);
        assertEquals(secure, reply.getHeader().getFlag(Flags.AD), "AD: " + what);
        assertEquals(answers, reply.getSection(Section.ANSWER).stream()
                .filter(r -> r.getType() == type).count(), what);
        assertFalse(reply.getHeader().getFlag(Flags.TC), what);
    }
}
