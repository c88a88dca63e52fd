package dev.jdns.transport.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.Protocol;
import dev.jdns.transport.Replies;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The upstream client's DNS cookies (RFC 7873 §5.1, §5.3) against scripted servers on loopback: the server cookie
 * learnt and sent back, a forged reply with another client cookie discarded while the real one is awaited, BADCOOKIE
 * retried once with the new cookie and then over TCP, and servers that ignore cookies still answered.
 */
class ClientCookieTest {

    private static final Name NAME = Name.fromConstantString("www.example.");
    private static final Record QUESTION = Record.newRecord(NAME, Type.A, DClass.IN);
    private static final Duration PATIENT = Duration.ofSeconds(3);
    private static final byte[] SERVER_COOKIE = HexFormat.of().parseHex("0100000011223344aabbccddeeff0011");

    private ScriptedServer server;

    @AfterEach
    void stopServer() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theServerCookieIsLearntAndSentBackWithTheSameClientCookie() throws Exception {
        server = new ScriptedServer((query, raw, client, socket) ->
                ScriptedServer.sendUdp(socket, client, withCookie(answer(query, "192.0.2.1"),
                        cookieOf(query).getClientCookie(), SERVER_COOKIE)), null);
        DnsClient client = new DnsClient(PATIENT, true);
        client.query(server.address(), QUESTION);
        client.query(server.address(), QUESTION);
        CookieOption first = cookieOf(server.udpQueries().get(0));
        CookieOption second = cookieOf(server.udpQueries().get(1));
        assertTrue(first.getServerCookie().isEmpty(), "nothing known of the server yet");
        assertArrayEquals(first.getClientCookie(), second.getClientCookie(), "one client cookie per server");
        assertArrayEquals(SERVER_COOKIE, second.getServerCookie().orElseThrow());
    }

    @Test
    void aReplyWithAnotherClientCookieIsDiscardedAndTheRealOneAccepted() throws Exception {
        server = new ScriptedServer((query, raw, client, socket) -> {
            byte[] ours = cookieOf(query).getClientCookie();
            byte[] guessed = ours.clone();
            guessed[0] ^= 1;
            ScriptedServer.sendUdp(socket, client, withCookie(answer(query, "192.0.2.66"), guessed, SERVER_COOKIE));
            ScriptedServer.sendUdp(socket, client, withCookie(answer(query, "192.0.2.1"), ours, SERVER_COOKIE));
        }, null);
        DnsReply reply = new DnsClient(PATIENT, true).query(server.address(), QUESTION);
        assertEquals("192.0.2.1", ((ARecord) reply.message().getSection(Section.ANSWER).getFirst())
                .getAddress().getHostAddress());
    }

    @Test
    void aServerThatIgnoresCookiesIsStillAnswered() throws Exception {
        server = new ScriptedServer((query, raw, client, socket) ->
                ScriptedServer.sendUdp(socket, client, answer(query, "192.0.2.1")), null);
        DnsClient client = new DnsClient(PATIENT, true);
        assertEquals(Rcode.NOERROR, client.query(server.address(), QUESTION).message().getRcode());
        assertNotNull(cookieOf(server.udpQueries().getFirst()), "a cookie was offered");
        assertNull(cookieOrNull(new DnsClient(PATIENT).newQuery(QUESTION, false)), "a plain client offers none");
    }

    @Test
    void badCookieIsRetriedOnceWithTheNewCookieThenOverTcp() throws Exception {
        AtomicInteger udpQueries = new AtomicInteger();
        server = new ScriptedServer((query, raw, client, socket) -> {
            udpQueries.incrementAndGet();
            ScriptedServer.sendUdp(socket, client, withCookie(badCookie(query), cookieOf(query).getClientCookie(),
                    SERVER_COOKIE));
        }, (query, out) -> ScriptedServer.writeTcp(out, answer(query, "192.0.2.1")));
        DnsReply reply = new DnsClient(PATIENT, true).query(server.address(), QUESTION);
        assertEquals(Protocol.TCP, reply.transport());
        assertEquals(Rcode.NOERROR, reply.message().getRcode());
        assertEquals(2, udpQueries.get(), "the first try and one with the server's new cookie");
        assertTrue(cookieOf(server.udpQueries().get(0)).getServerCookie().isEmpty());
        assertArrayEquals(SERVER_COOKIE, cookieOf(server.udpQueries().get(1)).getServerCookie().orElseThrow());
    }

    @Test
    void aBadCookieWithoutOurClientCookieIsForged() throws Exception {
        server = new ScriptedServer((query, raw, client, socket) -> {
            ScriptedServer.sendUdp(socket, client, badCookie(query));
            ScriptedServer.sendUdp(socket, client, answer(query, "192.0.2.1"));
        }, null);
        DnsReply reply = new DnsClient(PATIENT, true).query(server.address(), QUESTION);
        assertEquals(Rcode.NOERROR, reply.message().getRcode());
        assertEquals(1, server.udpQueries().size());
        assertFalse(server.udpQueries().isEmpty());
    }

    private static Message badCookie(Message query) {
        Message reply = Replies.replyTo(query);
        reply.getHeader().setRcode(Rcode.BADCOOKIE & 0xF);
        reply.addRecord(new OPTRecord(1232, Rcode.BADCOOKIE >>> 4, 0, 0), Section.ADDITIONAL);
        return reply;
    }

    private static Message answer(Message query, String address) throws IOException {
        Message reply = Replies.replyTo(query);
        reply.addRecord(new ARecord(NAME, DClass.IN, 60, InetAddress.getByName(address)), Section.ANSWER);
        return reply;
    }

    /** {@code reply} with a COOKIE in its OPT (one made if it has none). */
    private static Message withCookie(Message reply, byte[] clientCookie, byte[] serverCookie) {
        OPTRecord opt = reply.getOPT();
        if (opt != null) {
            reply.removeRecord(opt, Section.ADDITIONAL);
        }
        int extendedRcode = opt == null ? 0 : opt.getExtendedRcode();
        reply.addRecord(new OPTRecord(1232, extendedRcode, 0, 0,
                List.of(new CookieOption(clientCookie, serverCookie))), Section.ADDITIONAL);
        return reply;
    }

    private static CookieOption cookieOf(Message query) {
        CookieOption cookie = cookieOrNull(query);
        assertNotNull(cookie, "no COOKIE in " + query);
        return cookie;
    }

    private static CookieOption cookieOrNull(Message message) {
        OPTRecord opt = message.getOPT();
        List<EDNSOption> cookies = opt == null ? List.of() : opt.getOptions(EDNSOption.Code.COOKIE);
        return cookies.isEmpty() ? null : (CookieOption) cookies.getFirst();
    }
}
