package dev.jdns.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.cookie.ServerCookies;
import dev.jdns.transport.cookie.SipHash;
import dev.jdns.transport.testing.LoopbackClient;
import dev.jdns.transport.testing.TestQueries;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * DNS cookies answered by the front end (RFC 7873 §5.2, RFC 9018) over real sockets on loopback: BIND's dig as the
 * reference client, the FORMERR for a malformed option, replies kept for reuse that never carry another client's
 * cookie, and response rate limiting that lets a client with a valid server cookie through.
 */
class ServerCookieTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final Pattern DIG_COOKIE = Pattern.compile("; COOKIE: ([0-9a-f]+) \\(good\\)");
    private static final byte[] CLIENT_COOKIE = HEX.parseHex("0123456789abcdef");
    private static final ServerCookies SECRET = new ServerCookies(SipHash.ofHex("000102030405060708090a0b0c0d0e0f"),
            () -> System.currentTimeMillis() / 1000);

    private final AtomicInteger handlerCalls = new AtomicInteger();
    private DnsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Answers every question with one A record, reusable by the packet cache. */
    private final class ReusingHandler implements QueryHandler, ReplyReuse {
        private final Object generation = new Object();

        @Override
        public Response handle(Query query) {
            handlerCalls.incrementAndGet();
            return Response.reusable(Handlers.withARecords(query.message(), 1), Response.Reuse.AS_IS);
        }

        @Override
        public ReplyReuse replyReuse() {
            return this;
        }

        @Override
        public Object generation() {
            return generation;
        }
    }

    private InetSocketAddress start(ResponseLimiter limiter) throws ListenException {
        server = new DnsServer(List.of(new InetSocketAddress("127.0.0.1", 0)), new ReusingHandler(),
                ServerOptions.defaults().withReceiverThreads(1), limiter);
        server.cookies(SECRET);
        server.start();
        return server.boundAddresses().getFirst();
    }

    @Test
    void digLearnsAServerCookieAndGetsItBackWhenItReturnsIt() throws Exception {
        InetSocketAddress address = start(ResponseLimiter.NONE);
        String first = cookieFromDig(dig(address, "+cookie"));
        assertEquals(48, first.length(), "client cookie (8 octets) and an RFC 9018 server cookie (16)");
        // A young valid cookie comes back as it was sent (RFC 9018 §4.3); a made-up one is replaced.
        assertEquals(first, cookieFromDig(dig(address, "+cookie=" + first)));
        String madeUp = first.substring(0, 16) + "01000000" + "00000001" + "0000000000000000";
        String replaced = cookieFromDig(dig(address, "+cookie=" + madeUp));
        assertNotEquals(madeUp, replaced);
        assertEquals(first.substring(0, 16), replaced.substring(0, 16), "the client cookie is echoed");
    }

    @Test
    void aMalformedCookieIsFormErr() throws Exception {
        InetSocketAddress address = start(ResponseLimiter.NONE);
        for (int length : new int[] {7, 9, 15, 41}) {
            Message query = withOption(TestQueries.query("www.test", Type.A),
                    new GenericEDNSOption(EDNSOption.Code.COOKIE, new byte[length]));
            Message reply = LoopbackClient.udp(address, query).orElseThrow();
            assertEquals(Rcode.FORMERR, reply.getRcode(), "a COOKIE of " + length + " octets (RFC 7873 §5.2.2)");
        }
    }

    @Test
    void keptRepliesCarryEachClientsOwnCookieOverUdpAndTcp() throws Exception {
        InetSocketAddress address = start(ResponseLimiter.NONE);
        InetAddress one = InetAddress.getByName("127.0.0.1");
        InetAddress two = InetAddress.getByName("127.0.0.2");
        byte[] otherClientCookie = HEX.parseHex("fedcba9876543210");
        CookieOption first = replyCookie(udpFrom(one, address, cookieQuery(CLIENT_COOKIE, null)));
        CookieOption second = replyCookie(udpFrom(two, address, cookieQuery(otherClientCookie, null)));
        assertEquals(1, handlerCalls.get(), "the second reply was the first one kept, with another cookie");
        assertArrayEquals(CLIENT_COOKIE, first.getClientCookie());
        assertArrayEquals(otherClientCookie, second.getClientCookie());
        assertEquals(ServerCookies.Verdict.VALID, SECRET.verdict(otherClientCookie,
                second.getServerCookie().orElseThrow(), two), "made for the second client at its address");
        assertEquals(ServerCookies.Verdict.NEW_CLIENT, SECRET.verdict(otherClientCookie,
                second.getServerCookie().orElseThrow(), one));

        byte[] firstServerCookie = first.getServerCookie().orElseThrow();
        byte[] secondServerCookie = second.getServerCookie().orElseThrow();
        CookieOption again = replyCookie(udpFrom(one, address, cookieQuery(CLIENT_COOKIE, firstServerCookie)));
        CookieOption secondAgain = replyCookie(udpFrom(two, address,
                cookieQuery(otherClientCookie, secondServerCookie)));
        assertEquals(2, handlerCalls.get(), "requests with a server cookie have a key of their own, kept once");
        assertArrayEquals(firstServerCookie, again.getServerCookie().orElseThrow(), "young: echoed");
        assertArrayEquals(secondServerCookie, secondAgain.getServerCookie().orElseThrow(), "from the kept reply too");

        CookieOption overTcp = replyCookie(
                LoopbackClient.tcp(address, cookieQuery(otherClientCookie, null)).orElseThrow());
        assertArrayEquals(otherClientCookie, overTcp.getClientCookie());
        Message plain = LoopbackClient.udp(address, TestQueries.ednsQuery("www.test", Type.A, 1232)).orElseThrow();
        assertTrue(plain.getOPT().getOptions(EDNSOption.Code.COOKIE).isEmpty(), "no cookie asked, none given");
        Message plainAgain = LoopbackClient.udp(address, TestQueries.ednsQuery("www.test", Type.A, 1232)).orElseThrow();
        assertTrue(plainAgain.getOPT().getOptions(EDNSOption.Code.COOKIE).isEmpty(), "nor from the packet cache");
        assertEquals(4, handlerCalls.get(), "TCP and the plain request are keys of their own");
    }

    private static Message udpFrom(InetAddress from, InetSocketAddress server, Message query) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(from, 0))) {
            byte[] wire = query.toWire();
            socket.send(new DatagramPacket(wire, wire.length, server));
            socket.setSoTimeout(5000);
            byte[] buffer = new byte[65535];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            socket.receive(packet);
            return LoopbackClient.parse(Arrays.copyOf(buffer, packet.getLength()));
        }
    }

    @Test
    void rateLimitingSparesClientsWithAValidServerCookie() throws Exception {
        AtomicInteger seconds = new AtomicInteger(1000);
        InetSocketAddress address = start(new ResponseRateLimiter(new RateLimit(2, 0, 24, 56, 1024),
                () -> TimeUnit.SECONDS.toNanos(seconds.get())));
        assertEquals(2, answered(address, 6, null), "without a cookie: two a second");
        assertEquals(0, answered(address, 3, CLIENT_COOKIE), "a client cookie alone proves nothing");
        seconds.incrementAndGet();
        Message learnt = LoopbackClient.udp(address, cookieQuery(CLIENT_COOKIE, null)).orElseThrow();
        byte[] serverCookie = replyCookie(learnt).getServerCookie().orElseThrow();
        assertEquals(6, answeredWith(address, 6, CLIENT_COOKIE, serverCookie), "a valid server cookie: never limited");
        byte[] forged = serverCookie.clone();
        forged[15] ^= 1;
        assertEquals(1, answeredWith(address, 6, CLIENT_COOKIE, forged), "a forged one: limited (1 left this second)");
    }

    private int answered(InetSocketAddress address, int count, byte[] clientCookie) throws IOException {
        return answeredWith(address, count, clientCookie, null);
    }

    /** Sends {@code count} queries at once with the cookie given (none when null) and counts the replies. */
    private static int answeredWith(InetSocketAddress address, int count, byte[] clientCookie, byte[] serverCookie)
            throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            for (int id = 1; id <= count; id++) {
                Message query = clientCookie == null ? TestQueries.ednsQuery("www.test", Type.A, 1232)
                        : cookieQuery(clientCookie, serverCookie);
                query.getHeader().setID(id);
                byte[] wire = query.toWire();
                socket.send(new DatagramPacket(wire, wire.length, address));
            }
            socket.setSoTimeout(700);
            int replies = 0;
            while (replies < count) {
                byte[] buffer = new byte[65535];
                try {
                    socket.receive(new DatagramPacket(buffer, buffer.length));
                } catch (SocketTimeoutException quiet) {
                    break;
                }
                replies++;
            }
            return replies;
        }
    }

    private static Message cookieQuery(byte[] clientCookie, byte[] serverCookie) {
        CookieOption cookie = serverCookie == null ? new CookieOption(clientCookie)
                : new CookieOption(clientCookie, serverCookie);
        return withOption(TestQueries.query("www.test", Type.A), cookie);
    }

    private static Message withOption(Message query, EDNSOption option) {
        query.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(option)), Section.ADDITIONAL);
        return query;
    }

    private static CookieOption replyCookie(Message reply) {
        List<EDNSOption> cookies = reply.getOPT().getOptions(EDNSOption.Code.COOKIE);
        assertEquals(1, cookies.size(), reply.toString());
        return (CookieOption) cookies.getFirst();
    }

    private static String cookieFromDig(String output) {
        Matcher cookie = DIG_COOKIE.matcher(output);
        assertTrue(cookie.find(), "dig saw its cookie echoed:\n" + output);
        return cookie.group(1);
    }

    private static String dig(InetSocketAddress server, String cookieOption) throws Exception {
        List<String> command = new ArrayList<>(List.of("dig", "@" + server.getAddress().getHostAddress(),
                "-p", Integer.toString(server.getPort()), "+time=5", "+tries=1", cookieOption, "www.test", "A"));
        Process dig = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(dig.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(dig.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, dig.exitValue(), output);
        return output;
    }
}
