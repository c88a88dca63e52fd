package dev.jdns.transport;

import dev.jdns.transport.cookie.ServerCookies;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Arrays;
import org.xbill.DNS.Header;

/**
 * Sends a kept reply to a request with a COOKIE: the reply's cookie (the last 24 octets of a reply kept for such a
 * request, see {@link #endsWithCookie}) is replaced by this request's client cookie and the server cookie made for
 * it, exactly what the full path would have sent (RFC 7873 §5.2, RFC 9018 §4.3), and a client with a valid server
 * cookie is spared rate limiting as there.
 */
final class CookieReplySink implements ReplySink {

    /** A reply's COOKIE option as we write it: code 10, length 24, client cookie, RFC 9018 server cookie. */
    private static final int OPTION = 4 + ReuseKey.FULL_COOKIE;

    private final ReplySink sink;
    private final ServerCookies cookies;
    private final byte[] request;
    private final int cookieLength;
    private final InetAddress client;

    /**
     * Judges nothing yet: the cookie is judged and made only when a kept reply is sent, so a miss (the full path
     * then judges the request itself) costs no SipHash here.
     *
     * @param key the request's key, which has a cookie ({@link ReuseKey#cookieLength()} not 0)
     */
    CookieReplySink(ReplySink sink, ServerCookies cookies, byte[] request, ReuseKey key, InetAddress client) {
        this.sink = sink;
        this.cookies = cookies;
        this.request = request;
        this.cookieLength = key.cookieLength();
        this.client = client;
    }

    /**
     * Whether {@code reply}, made for {@code request}, ends with a COOKIE option echoing its client cookie, so that
     * it can be kept for requests with {@code key}: those with a cookie are kept only then.
     */
    static boolean endsWithCookie(byte[] reply, byte[] request, ReuseKey key) {
        int option = reply.length - OPTION;
        if (key.cookieLength() == 0 || option < Header.LENGTH || WireHeader.u16(reply, option) != ReuseKey.COOKIE
                || WireHeader.u16(reply, option + 2) != ReuseKey.FULL_COOKIE) {
            return false;
        }
        int cookieStart = request.length - key.cookieLength();
        return Arrays.equals(reply, option + 4, option + 4 + ReuseKey.CLIENT_COOKIE,
                request, cookieStart, cookieStart + ReuseKey.CLIENT_COOKIE);
    }

    @Override
    public void send(byte[] message) throws IOException {
        send(message, null);
    }

    @Override
    public void send(byte[] message, byte[] rateLimitName) throws IOException {
        int cookieStart = request.length - cookieLength;
        byte[] clientCookie = Arrays.copyOfRange(request, cookieStart, cookieStart + ReuseKey.CLIENT_COOKIE);
        byte[] presented = cookieLength == ReuseKey.FULL_COOKIE
                ? Arrays.copyOfRange(request, cookieStart + ReuseKey.CLIENT_COOKIE, request.length) : null;
        ServerCookies.Verdict verdict = cookies.verdict(clientCookie, presented, client);
        byte[] serverCookie = cookies.replyServerCookie(verdict, clientCookie, presented, client);
        int at = message.length - ReuseKey.FULL_COOKIE;
        System.arraycopy(clientCookie, 0, message, at, ReuseKey.CLIENT_COOKIE);
        System.arraycopy(serverCookie, 0, message, at + ReuseKey.CLIENT_COOKIE, serverCookie.length);
        if (verdict == ServerCookies.Verdict.VALID) {
            sink.sendToProvenClient(message);
        } else {
            sink.send(message, rateLimitName);
        }
    }
}
