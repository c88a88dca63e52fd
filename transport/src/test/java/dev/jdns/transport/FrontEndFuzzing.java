package dev.jdns.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/**
 * What every fuzz test of the query front end asserts, whatever the handler behind it: arbitrary bytes go through
 * {@link QueryProcessor} the way {@code UdpListener} and {@code TcpConnection} hand them over, and the replies obey
 * RFC 1035 §4.1.1. Public for the fuzz tests of the handlers in other modules.
 */
public final class FrontEndFuzzing {

    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 53000);
    /**
     * Rate limiting as strict as it gets, on a clock that stands still: after a key's first reply every reply is
     * slipped (sent truncated), so both what {@code UdpListener} sends as it is and the slipped copy cut from the
     * reply's own bytes ({@link ReplyCategory}, {@link WireNames}) are checked.
     */
    private static final ResponseLimiter STRICT_LIMIT = new ResponseRateLimiter(new RateLimit(1, 1, 24, 56, 1024),
            () -> 0L);

    private FrontEndFuzzing() {}

    /**
     * {@code request} as one UDP datagram, checked; the calls are {@code UdpListener}'s, packet cache first, then
     * response rate limiting.
     */
    public static void checkUdp(QueryProcessor processor, byte[] request) {
        List<byte[]> sent = new ArrayList<>();
        byte[] copy = request.clone();
        try {
            QueryProcessor.Pending pending = processor.receive(copy, CLIENT, Protocol.UDP, sent::add);
            if (pending != null) {
                pending.process(sent::add);
            }
        } catch (IOException e) {
            throw new AssertionError("the list sink cannot fail", e);
        }
        checkReplies(request, sent);
        if (!sent.isEmpty()) {
            byte[] admitted = STRICT_LIMIT.admit(sent.getFirst(), CLIENT.getAddress());
            checkReplies(request, admitted == null ? List.of(sent.getFirst()) : List.of(admitted));
        }
    }

    /** {@code request} as one TCP message (the length prefix already taken off), checked. */
    public static void checkTcp(QueryProcessor processor, byte[] request) {
        List<byte[]> sent = new ArrayList<>();
        try {
            processor.process(request.clone(), CLIENT, Protocol.TCP, sent::add);
        } catch (IOException e) {
            throw new AssertionError("the list sink cannot fail", e);
        }
        if (sent.size() > 1) {
            sent.forEach(message -> checkReplies(request, List.of(message))); // a zone transfer's stream
        } else {
            checkReplies(request, sent);
        }
    }

    /** {@code request} with another ID: a reply kept for reuse must be patched with it. */
    public static byte[] withOtherId(byte[] request) {
        byte[] other = request.clone();
        if (other.length >= 2) {
            other[0] ^= 0x5A;
        }
        return other;
    }

    /**
     * Nothing for a packet without a whole header or with QR=1; otherwise exactly one reply that parses, with QR=1
     * and the request's ID, and FORMERR when the request itself does not parse.
     */
    private static void checkReplies(byte[] request, List<byte[]> replies) {
        if (request.length < 12 || (request[2] & 0x80) != 0) {
            assertTrue(replies.isEmpty(), "a reply to a response or to less than a header");
            return;
        }
        assertEquals(1, replies.size(), "replies to one query");
        Message reply = parse(replies.getFirst());
        assertTrue(reply.getHeader().getFlag(Flags.QR), "QR=1");
        int id = ((request[0] & 0xFF) << 8) | (request[1] & 0xFF);
        assertEquals(id, reply.getHeader().getID(), "the request's ID");
        if (!parses(request)) {
            assertEquals(Rcode.FORMERR, reply.getRcode(), "FORMERR for an unparseable request");
        }
    }

    private static Message parse(byte[] wire) {
        try {
            return new Message(wire);
        } catch (IOException | RuntimeException e) {
            throw new AssertionError("the reply does not parse: " + e, e);
        }
    }

    private static boolean parses(byte[] wire) {
        try {
            new Message(wire);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
