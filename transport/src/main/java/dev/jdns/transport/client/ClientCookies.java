package dev.jdns.transport.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.jdns.transport.cookie.SipHash;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The client side of DNS cookies (RFC 7873 §5.1, §5.3): a client cookie per server, the server cookie each server
 * last gave us, sent back to it, and replies that carry another client cookie discarded as forged, a check on top of
 * the random port and ID of RFC 5452. A server that ignores cookies answers without one, which is accepted.
 * Thread-safe.
 */
final class ClientCookies {

    /** Servers whose cookie is remembered; past it the least used are forgotten (and learnt again). */
    static final int MAX_SERVERS = 10_000;

    private final SipHash secret;
    private final Cache<InetSocketAddress, byte[]> serverCookies =
            Caffeine.newBuilder().maximumSize(MAX_SERVERS).build();

    ClientCookies(SipHash secret) {
        this.secret = secret;
    }

    /** A fresh secret for this process (RFC 7873 §5.1: only the client knows it). */
    static ClientCookies withRandomSecret(SecureRandom random) {
        byte[] key = new byte[SipHash.KEY_LENGTH];
        random.nextBytes(key);
        return new ClientCookies(new SipHash(key));
    }

    /** The cookie of one exchange from {@code local} (the socket's own address) to {@code server}. */
    Exchange exchange(InetAddress local, InetSocketAddress server) {
        return new Exchange(clientCookie(local, server.getAddress()), server);
    }

    /**
     * RFC 7873 §5.1 (and its Appendix A.2): a pseudorandom function of the client's address, the server's address
     * and our secret, so a server cannot follow us across addresses and servers cannot link our cookies.
     */
    private byte[] clientCookie(InetAddress local, InetAddress server) {
        byte[] from = local.getAddress();
        byte[] to = server.getAddress();
        byte[] input = Arrays.copyOf(from, from.length + to.length);
        System.arraycopy(to, 0, input, from.length, to.length);
        byte[] cookie = new byte[8];
        SipHash.writeLittleEndian(secret.hash(input), cookie, 0);
        return cookie;
    }

    /** One exchange's cookie: what it sends and what it accepts. */
    final class Exchange {
        private final byte[] clientCookie;
        private final InetSocketAddress server;

        private Exchange(byte[] clientCookie, InetSocketAddress server) {
            this.clientCookie = clientCookie;
            this.server = server;
        }

        /**
         * {@code query} with a COOKIE option (our client cookie and the server's last server cookie, if any) in its
         * OPT, as a copy; a query without EDNS is returned as it is (a cookie is an EDNS option).
         */
        Message attach(Message query) {
            OPTRecord opt = query.getOPT();
            if (opt == null) {
                return query;
            }
            byte[] serverCookie = serverCookies.getIfPresent(server);
            List<EDNSOption> options = new ArrayList<>(opt.getOptions());
            options.removeIf(option -> option.getCode() == EDNSOption.Code.COOKIE);
            options.add(serverCookie == null ? new CookieOption(clientCookie)
                    : new CookieOption(clientCookie, serverCookie));
            Message copy = query.clone();
            List<Record> opts = copy.getSection(Section.ADDITIONAL).stream()
                    .filter(record -> record.getType() == Type.OPT)
                    .toList();
            opts.forEach(record -> copy.removeRecord(record, Section.ADDITIONAL));
            copy.addRecord(new OPTRecord(opt.getPayloadSize(), opt.getExtendedRcode(), opt.getVersion(),
                    opt.getFlags(), options), Section.ADDITIONAL);
            return copy;
        }

        /**
         * Whether {@code reply} can be the server's (RFC 7873 §5.3): no COOKIE at all (a server without cookies),
         * or one that echoes our client cookie, whose server cookie is then remembered. Another client cookie, or a
         * BADCOOKIE without ours, is forged.
         */
        boolean accept(Message reply) {
            OPTRecord opt = reply.getOPT();
            List<EDNSOption> cookies = opt == null ? List.of() : opt.getOptions(EDNSOption.Code.COOKIE);
            if (cookies.isEmpty()) {
                return reply.getRcode() != Rcode.BADCOOKIE;
            }
            CookieOption cookie = (CookieOption) cookies.getFirst();
            if (!MessageDigest.isEqual(clientCookie, cookie.getClientCookie())) {
                return false;
            }
            cookie.getServerCookie().ifPresent(serverCookie -> serverCookies.put(server, serverCookie));
            return true;
        }
    }
}
