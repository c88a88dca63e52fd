package dev.jdns.transport.cookie;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.xbill.DNS.CookieOption;

/**
 * The server side of DNS cookies (RFC 7873 §5.2) with the interoperable server cookie of RFC 9018: version 1, three
 * reserved octets, a 32-bit timestamp and SipHash-2-4 over client cookie | version | reserved | timestamp | client
 * address, keyed with a server secret. Anycast instances or servers behind one address that share the secret accept
 * each other's cookies (RFC 9018 §5). Immutable and thread-safe.
 */
public final class ServerCookies {

    /** RFC 7873 §4: the client cookie is 8 octets. */
    static final int CLIENT_COOKIE = 8;
    /** RFC 9018 §4.2: version, reserved, timestamp, hash. */
    static final int SERVER_COOKIE = 16;
    static final int VERSION = 1;
    /** RFC 9018 §4.3: a cookie is good for an hour, renewed after half of it, and may be 5 minutes ahead of us. */
    static final long LIFETIME_SECONDS = 3600;
    static final long RENEW_AFTER_SECONDS = 1800;
    static final long FUTURE_SKEW_SECONDS = 300;

    private static final int HASHED_PREFIX = CLIENT_COOKIE + 8; // client cookie, version, reserved, timestamp

    /** How a request's COOKIE option is to be treated. */
    public enum Verdict {
        /** Only a client cookie, or a server cookie that is not (or no longer) ours: answer with a fresh one. */
        NEW_CLIENT,
        /** A server cookie we made for this client, in date: the client's address is proven (RFC 7873 §5.2.4). */
        VALID
    }

    /** @param reply the COOKIE option for the reply: the client cookie echoed, our server cookie */
    public record Outcome(Verdict verdict, CookieOption reply) {}

    private final SipHash secret;
    private final LongSupplier epochSeconds;

    /** @param epochSeconds the wall clock in seconds since 1970 (RFC 9018 §4.3 timestamps; a test moves its own) */
    public ServerCookies(SipHash secret, LongSupplier epochSeconds) {
        this.secret = Objects.requireNonNull(secret, "secret");
        this.epochSeconds = Objects.requireNonNull(epochSeconds, "epochSeconds");
    }

    /** With a random secret of this process: cookies are good only for this process (RFC 7873 §7.1). */
    public static ServerCookies withRandomSecret() {
        byte[] key = new byte[SipHash.KEY_LENGTH];
        new SecureRandom().nextBytes(key);
        return new ServerCookies(new SipHash(key), () -> System.currentTimeMillis() / 1000);
    }

    /**
     * Judges the first COOKIE option of a request from {@code client} and makes the reply's. Its lengths are right:
     * dnsjava does not parse a COOKIE option of a length RFC 7873 §4 does not allow, and the whole request is then
     * FORMERR (§5.2.2).
     */
    public Outcome judge(CookieOption option, InetAddress client) {
        byte[] clientCookie = option.getClientCookie();
        byte[] serverCookie = option.getServerCookie().orElse(null);
        Verdict verdict = verdict(clientCookie, serverCookie, client);
        byte[] replyCookie = replyServerCookie(verdict, clientCookie, serverCookie, client);
        return new Outcome(verdict, replyCookie == serverCookie ? option : new CookieOption(clientCookie, replyCookie));
    }

    /**
     * As {@link #judge(CookieOption, InetAddress)} for a cookie read from the wire (a kept reply's path): VALID when
     * {@code serverCookie} (null: none) is one we made for this client and is in date.
     */
    public Verdict verdict(byte[] clientCookie, byte[] serverCookie, InetAddress client) {
        return serverCookie != null && isOurs(clientCookie, serverCookie, client, epochSeconds.getAsLong())
                ? Verdict.VALID : Verdict.NEW_CLIENT;
    }

    /**
     * The server cookie a reply carries after {@code verdict}: RFC 9018 §4.3, the same cookie while it is young, a
     * new one after half an hour or when it was not valid.
     */
    public byte[] replyServerCookie(Verdict verdict, byte[] clientCookie, byte[] serverCookie, InetAddress client) {
        long now = epochSeconds.getAsLong();
        if (verdict == Verdict.VALID && age(serverCookie, now) < RENEW_AFTER_SECONDS) {
            return serverCookie;
        }
        return fresh(clientCookie, client, now);
    }

    /** RFC 9018 §4.2: our server cookie for this client now, reserved octets zero. */
    private byte[] fresh(byte[] clientCookie, InetAddress client, long now) {
        byte[] serverCookie = new byte[SERVER_COOKIE];
        serverCookie[0] = VERSION;
        int timestamp = (int) now;
        serverCookie[4] = (byte) (timestamp >>> 24);
        serverCookie[5] = (byte) (timestamp >>> 16);
        serverCookie[6] = (byte) (timestamp >>> 8);
        serverCookie[7] = (byte) timestamp;
        SipHash.writeLittleEndian(hash(clientCookie, serverCookie, client), serverCookie, 8);
        return serverCookie;
    }

    /**
     * Ours: version 1, 16 octets, its hash over what the client sent back (reserved octets included, RFC 9018 §4.3)
     * matches, and its timestamp is at most an hour old and at most five minutes ahead.
     */
    private boolean isOurs(byte[] clientCookie, byte[] serverCookie, InetAddress client, long now) {
        if (serverCookie.length != SERVER_COOKIE || serverCookie[0] != VERSION) {
            return false;
        }
        long age = age(serverCookie, now);
        if (age > LIFETIME_SECONDS || age < -FUTURE_SKEW_SECONDS) {
            return false;
        }
        byte[] expected = new byte[8];
        SipHash.writeLittleEndian(hash(clientCookie, serverCookie, client), expected, 0);
        return java.security.MessageDigest.isEqual(expected, Arrays.copyOfRange(serverCookie, 8, SERVER_COOKIE));
    }

    /**
     * Seconds since the cookie's timestamp, negative when it is ahead: the difference in serial number arithmetic
     * on 32 bits (RFC 1982, as RFC 9018 §4.3 asks), so it stays right when the timestamp wraps in 2106.
     */
    private static long age(byte[] serverCookie, long now) {
        int stamped = (serverCookie[4] & 0xFF) << 24 | (serverCookie[5] & 0xFF) << 16
                | (serverCookie[6] & 0xFF) << 8 | serverCookie[7] & 0xFF;
        return (int) now - stamped;
    }

    /** SipHash-2-4 over client cookie | version | reserved | timestamp | client address (RFC 9018 §4.4). */
    private long hash(byte[] clientCookie, byte[] serverCookie, InetAddress client) {
        byte[] address = client.getAddress();
        byte[] input = new byte[HASHED_PREFIX + address.length];
        System.arraycopy(clientCookie, 0, input, 0, CLIENT_COOKIE);
        System.arraycopy(serverCookie, 0, input, CLIENT_COOKIE, 8);
        System.arraycopy(address, 0, input, HASHED_PREFIX, address.length);
        return secret.hash(input);
    }
}
