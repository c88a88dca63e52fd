package dev.jdns.transport.cookie;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.CookieOption;

/** The server cookie construction against RFC 9018 Appendix A, and the age rules of its §4.3. */
class ServerCookiesTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String SECRET = "e5e973e5a6b2a43f48e7dc849e37bfcf";

    private final AtomicLong now = new AtomicLong();
    private final ServerCookies cookies = new ServerCookies(SipHash.ofHex(SECRET), now::get);

    private ServerCookies.Outcome judge(String cookieHex, String client, long at) throws Exception {
        now.set(at);
        byte[] cookie = HEX.parseHex(cookieHex);
        byte[] clientCookie = java.util.Arrays.copyOf(cookie, Math.min(8, cookie.length));
        CookieOption option = cookie.length > 8
                ? new CookieOption(clientCookie, java.util.Arrays.copyOfRange(cookie, 8, cookie.length))
                : new CookieOption(clientCookie);
        return cookies.judge(option, InetAddress.getByName(client));
    }

    private static String wire(CookieOption option) {
        return HEX.formatHex(option.getClientCookie()) + HEX.formatHex(option.getServerCookie().orElseThrow());
    }

    @Test
    void a1LearningANewServerCookie() throws Exception {
        ServerCookies.Outcome outcome = judge("2464c4abcf10c957", "198.51.100.100", 1559731985);
        assertEquals(ServerCookies.Verdict.NEW_CLIENT, outcome.verdict());
        assertEquals("2464c4abcf10c957010000005cf79f111f8130c3eee29480", wire(outcome.reply()));
    }

    @Test
    void a2TheSameClientGetsARenewedCookieAfterHalfAnHour() throws Exception {
        ServerCookies.Outcome outcome = judge("2464c4abcf10c957010000005cf79f111f8130c3eee29480", "198.51.100.100",
                1559734385);
        assertEquals(ServerCookies.Verdict.VALID, outcome.verdict());
        assertEquals("2464c4abcf10c957010000005cf7a871d4a564a1442aca77", wire(outcome.reply()));
    }

    @Test
    void a3ACookieOlderThanAnHourIsReplacedWithReservedOctetsCleared() throws Exception {
        ServerCookies.Outcome outcome = judge("fc93fc62807ddb8601abcdef5cf78f71a314227b6679ebf5", "203.0.113.203",
                1559734700);
        assertEquals(ServerCookies.Verdict.NEW_CLIENT, outcome.verdict());
        assertEquals("fc93fc62807ddb86010000005cf7a9acf73a7810aca2381e", wire(outcome.reply()));
    }

    @Test
    void aYoungCookieIsEchoedAsItIs() throws Exception {
        String issued = "2464c4abcf10c957010000005cf79f111f8130c3eee29480";
        ServerCookies.Outcome outcome = judge(issued, "198.51.100.100", 1559731985 + 1799);
        assertEquals(ServerCookies.Verdict.VALID, outcome.verdict());
        assertEquals(issued, wire(outcome.reply()));
    }

    @Test
    void ageLimitsOfSection43() throws Exception {
        String issued = "2464c4abcf10c957010000005cf79f111f8130c3eee29480";
        long stamped = 1559731985;
        assertEquals(ServerCookies.Verdict.VALID, judge(issued, "198.51.100.100", stamped + 3600).verdict());
        assertEquals(ServerCookies.Verdict.NEW_CLIENT, judge(issued, "198.51.100.100", stamped + 3601).verdict());
        assertEquals(ServerCookies.Verdict.VALID, judge(issued, "198.51.100.100", stamped - 300).verdict());
        assertEquals(ServerCookies.Verdict.NEW_CLIENT, judge(issued, "198.51.100.100", stamped - 301).verdict());
    }

    @Test
    void aCookieIsBoundToTheClientAddressAndCookie() throws Exception {
        String issued = "2464c4abcf10c957010000005cf79f111f8130c3eee29480";
        assertEquals(ServerCookies.Verdict.NEW_CLIENT, judge(issued, "198.51.100.101", 1559731985).verdict());
        assertEquals(ServerCookies.Verdict.NEW_CLIENT,
                judge("2464c4abcf10c958010000005cf79f111f8130c3eee29480", "198.51.100.100", 1559731985).verdict());
    }

    @Test
    void anotherSecretsCookieIsNotOurs() throws Exception {
        // RFC 9018 A.4: a cookie the old secret made, for an IPv6 client, checked with the new secret.
        ServerCookies rolled = new ServerCookies(SipHash.ofHex("445536bcd2513298075a5d379663c962"), () -> 1559741817);
        ServerCookies old = new ServerCookies(SipHash.ofHex("dd3bdf9344b678b185a6f5cb60fca715"), () -> 1559741817);
        byte[] cookie = HEX.parseHex("22681ab97d52c298010000005cf7c57926556bd0934c72f8");
        CookieOption option = new CookieOption(java.util.Arrays.copyOf(cookie, 8),
                java.util.Arrays.copyOfRange(cookie, 8, 24));
        InetAddress client = InetAddress.getByName("2001:db8:220:1:59de:d0f4:8769:82b8");
        assertEquals(ServerCookies.Verdict.VALID, old.judge(option, client).verdict());
        assertEquals(ServerCookies.Verdict.NEW_CLIENT, rolled.judge(option, client).verdict());
    }

    @Test
    void anotherServersLongerCookieEarnsOneOfOurs() throws Exception {
        byte[] client = HEX.parseHex("2464c4abcf10c957");
        InetAddress address = InetAddress.getByName("192.0.2.1");
        ServerCookies.Outcome foreign = cookies.judge(new CookieOption(client, new byte[32]), address);
        assertEquals(ServerCookies.Verdict.NEW_CLIENT, foreign.verdict(), "another server's cookie of 32 octets");
        assertArrayEquals(client, foreign.reply().getClientCookie());
    }
}
