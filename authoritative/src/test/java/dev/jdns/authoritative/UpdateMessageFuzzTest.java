package dev.jdns.authoritative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jdns.authoritative.tsig.TsigKeyring;
import dev.jdns.transport.Protocol;
import dev.jdns.transport.QueryProcessor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Serial;

/**
 * Arbitrary bytes as an UPDATE (the header's opcode forced to UPDATE, QR clear) from a client the update ACL
 * admits, through the front end to {@link UpdateResponder}, each input against a fresh copy of a small zone: never an
 * exception; exactly one reply; the zone changes only with a NOERROR reply and a higher serial, and keeps its SOA and
 * apex NS whatever the update said (RFC 2136 §3.4.2.3, §3.4.2.4).
 *
 * <p>Seeds: {@code src/test/resources/dev/jdns/authoritative/UpdateMessageFuzzTestInputs/updates/} (written by
 * {@code fuzz/seed-updates.py}); fuzzing: see fuzz/README.md.
 */
class UpdateMessageFuzzTest {

    private static final Name ORIGIN = Name.fromConstantString("example.com.");
    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 5353);
    private static final String ZONE = ZoneTexts.SOA + """
            @          NS    ns1
            @          MX    10 mail
            ns1        A     192.0.2.53
            www        A     192.0.2.80
            www        TXT   "text"
            alias      CNAME www
            sub        NS    ns.sub
            ns.sub     A     192.0.2.54
            """;

    private static Path dir;
    private static Path zoneFile;

    @BeforeAll
    static void writeZone() throws IOException {
        dir = Files.createTempDirectory("jdns-update-fuzz");
        zoneFile = ZoneTexts.write(dir, "example.com.zone", ZONE);
    }

    @AfterAll
    static void deleteAll() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @FuzzTest
    void updates(byte[] data) throws Exception {
        if (data.length < 12) {
            return; // the front end drops less than a header; nothing of an update to reach
        }
        byte[] request = data.clone();
        request[2] = (byte) ((request[2] & 0x07) | (5 << 3)); // QR=0, opcode UPDATE, AA/TC/RD as given
        Path state = Files.createTempDirectory(dir, "state");
        try {
            check(request, state);
        } finally {
            try (Stream<Path> files = Files.walk(state)) {
                for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    private static void check(byte[] request, Path state) throws Exception {
        UpdateJournal journal = new UpdateJournal(state, Set.of(ORIGIN));
        ZoneStore store = ZoneStore.load(List.of(zoneFile), Duration.ZERO, System::nanoTime,
                journal.replayingBefore(ZonePreparation.NONE));
        LoadedZone before = store.get().zone(ORIGIN).orElseThrow();
        Map<Name, Acl> allowUpdate = Map.of(ORIGIN, Acl.parse(List.of("127.0.0.0/8")));
        AccessPolicy access = new AccessPolicy(TsigKeyring.empty(), Acl.NOBODY, Acl.NOBODY, allowUpdate);
        UpdateResponder responder = new UpdateResponder(store, allowUpdate, journal, origin -> false);
        QueryProcessor processor = new QueryProcessor(AuthoritativeHandler.serving(store).access(access)
                .updates(responder).build());

        List<byte[]> sent = new ArrayList<>();
        processor.process(request, CLIENT, Protocol.TCP, sent::add);

        assertEquals(1, sent.size(), "one reply");
        Message reply = new Message(sent.getFirst());
        LoadedZone after = store.get().zone(ORIGIN).orElseThrow();
        if (after != before) {
            assertEquals(Rcode.NOERROR, reply.getRcode(), "changed, so acknowledged");
            assertTrue(Serial.compare(after.soa().getSerial(), before.soa().getSerial()) > 0, "serial raised");
        }
        assertFalse(after.nameServers(ORIGIN).isEmpty(), "the apex keeps an NS");
        LoadedZone replayed = journal.replay(ZoneLoader.load(zoneFile));
        assertEquals(ZoneTransfer.recordsBesidesSoa(after).size(), ZoneTransfer.recordsBesidesSoa(replayed).size(),
                "the journal gives back what is served");
        assertEquals(after.soa().getSerial(), replayed.soa().getSerial());
    }
}
