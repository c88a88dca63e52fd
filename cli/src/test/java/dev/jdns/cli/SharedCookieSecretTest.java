package dev.jdns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * {@code jdns serve --cookie-secret}: two servers given the same secret (anycast instances) accept each other's
 * server cookies, which the rate limiter shows: a client with a valid cookie is never limited, one without is.
 */
class SharedCookieSecretTest {

    private static final String SECRET = "5ec2e7000000000000000000000000ff";
    private static final byte[] CLIENT_COOKIE = HexFormat.of().parseHex("0011223344556677");

    @Test
    void aCookieFromOneInstanceIsValidAtAnotherWithTheSameSecret(@TempDir Path dir) throws Exception {
        Path zone = Files.writeString(dir.resolve("example.com.zone"), ServeCommandTest.ZONE);
        String[] rateLimited = {"--listen", "127.0.0.1:0", "--rate-limit", "1", "--rate-limit-slip", "0"};
        try (RunningServe first = RunningServe.start(with(rateLimited, "--cookie-secret", SECRET, zone.toString()));
                RunningServe same = RunningServe.start(with(rateLimited, "--cookie-secret", SECRET, zone.toString()));
                RunningServe other = RunningServe.start(with(rateLimited, zone.toString()))) {
            byte[] serverCookie = serverCookieFrom(first.address());
            // Six NXDOMAIN for one zone at once are one rate-limit key: one a second goes out, unless the cookie
            // proves the client's address.
            assertEquals(6, answered(same.address(), serverCookie), "same secret: the cookie is valid there");
            // One a second: two when the burst straddles a second on a slow machine.
            int limited = answered(other.address(), serverCookie);
            assertTrue(limited <= 2, "another secret: limited like anyone, " + limited + " of 6 answered");
        }
    }

    private static String[] with(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    private static byte[] serverCookieFrom(InetSocketAddress server) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            send(socket, server, query(1, "www.example.com.", null));
            socket.setSoTimeout(5000);
            byte[] buffer = new byte[65535];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            socket.receive(packet);
            Message reply = new Message(java.util.Arrays.copyOf(buffer, packet.getLength()));
            List<EDNSOption> cookies = reply.getOPT().getOptions(EDNSOption.Code.COOKIE);
            return ((CookieOption) cookies.getFirst()).getServerCookie().orElseThrow();
        }
    }

    /** Sends six queries for names that do not exist, with {@code serverCookie}, and counts the replies. */
    private static int answered(InetSocketAddress server, byte[] serverCookie) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            for (int id = 1; id <= 6; id++) {
                send(socket, server, query(id, "nx" + id + ".example.com.", serverCookie));
            }
            socket.setSoTimeout(1500);
            int replies = 0;
            while (replies < 6) {
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

    private static Message query(int id, String name, byte[] serverCookie) {
        Message query = new Message(id);
        query.addRecord(Record.newRecord(Name.fromConstantString(name), Type.A, DClass.IN), Section.QUESTION);
        CookieOption cookie = serverCookie == null ? new CookieOption(CLIENT_COOKIE)
                : new CookieOption(CLIENT_COOKIE, serverCookie);
        query.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(cookie)), Section.ADDITIONAL);
        return query;
    }

    private static void send(DatagramSocket socket, InetSocketAddress server, Message message) throws IOException {
        byte[] wire = message.toWire();
        socket.send(new DatagramPacket(wire, wire.length, server));
    }
}
