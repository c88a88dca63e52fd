package dev.jdns.transport.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.Protocol;
import dev.jdns.transport.testing.peers.Bind;
import dev.jdns.transport.testing.peers.PeerProcess;
import dev.jdns.transport.testing.peers.Unbound;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The upstream client's cookies (what {@code jdns resolver} sends to authoritative servers) with peers on loopback:
 * BIND requiring a valid server cookie over UDP, whose query log says which queries brought one it accepted, and
 * Unbound, which ignores them.
 */
class PeerCookieInteropTest {

    private static final Duration PATIENT = Duration.ofSeconds(5);
    private static final Record QUESTION = Record.newRecord(Name.fromConstantString("www.cookie.test."), Type.A,
            DClass.IN);

    /**
     * Unbound 1.17 (Debian 12's) has no cookies at all ({@code answer-cookie} came in 1.18): the server that ignores
     * the COOKIE we send, as most of the Internet's still do, must be answered as before.
     */
    @Test
    void unboundWithoutCookiesIsAnsweredAsBefore(@TempDir Path dir) throws Exception {
        Unbound.Setup setup = new Unbound.Setup(null, Map.of(), List.of("www.cookie.test. 300 IN A 192.0.2.80"),
                List.of());
        try (PeerProcess unbound = Unbound.start(PeerProcess.freeAddress("127.0.0.1"), withRootHints(setup, dir),
                Files.createDirectories(dir.resolve("u")))) {
            DnsClient client = new DnsClient(PATIENT, true);
            for (int i = 0; i < 2; i++) {
                DnsReply reply = client.query(unbound.address(), QUESTION);
                assertEquals(Rcode.NOERROR, reply.message().getRcode());
                assertEquals(Protocol.UDP, reply.transport());
                assertEquals(1, reply.message().getSection(Section.ANSWER).size());
                assertTrue(reply.message().getOPT().getOptions(EDNSOption.Code.COOKIE).isEmpty(),
                        "Unbound 1.17 sends no cookie back");
            }
        }
    }

    @Test
    void bindRequiringCookiesAcceptsTheServerCookieWeReturn(@TempDir Path dir) throws Exception {
        Path zone = dir.resolve("cookie.test.zone");
        Files.writeString(zone, """
                $TTL 300
                cookie.test. IN SOA ns.cookie.test. hostmaster.cookie.test. 1 3600 600 86400 300
                cookie.test. IN NS ns.cookie.test.
                ns.cookie.test. IN A 127.0.0.1
                www.cookie.test. IN A 192.0.2.80
                """);
        try (PeerProcess named = Bind.startAuthoritative(PeerProcess.freeAddress("127.0.0.1"), "cookie.test", zone,
                "require-server-cookie yes;", Files.createDirectories(dir.resolve("named")))) {
            DnsClient client = new DnsClient(PATIENT, true);
            // The first query has no server cookie: BADCOOKIE with one, and the retry with it is answered over UDP.
            DnsReply first = client.query(named.address(), QUESTION);
            DnsReply second = client.query(named.address(), QUESTION);
            for (DnsReply reply : List.of(first, second)) {
                assertEquals(Rcode.NOERROR, reply.message().getRcode(), reply.message().toString());
                assertEquals(Protocol.UDP, reply.transport(), "never pushed to TCP");
                assertEquals(1, reply.message().getSection(Section.ANSWER).size());
            }
            assertEquals(List.of("K", "V", "V"), queryLogCookieFlags(named.logText()),
                    "a client cookie alone, then a server cookie BIND validated, twice:\n" + named.logText());
        }
    }

    /** Per query in BIND's query log: K (a cookie, no valid server cookie) or V (a valid one). */
    private static List<String> queryLogCookieFlags(String log) {
        Matcher query = Pattern.compile("query: www\\.cookie\\.test IN A \\S*?([KV])").matcher(log);
        return query.results().map(match -> match.group(1)).toList();
    }

    private static Unbound.Setup withRootHints(Unbound.Setup setup, Path dir) throws Exception {
        Path hints = Files.writeString(dir.resolve("root.hints"), ". 3600 IN NS a.root.test.\na.root.test. 3600 IN A "
                + "127.0.0.1\n");
        return new Unbound.Setup(hints, setup.stubs(), setup.localData(), setup.nodefault());
    }
}
