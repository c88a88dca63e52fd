package dev.jdns.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.testing.LoopbackClient;
import dev.jdns.transport.testing.LoopbackServers;
import dev.jdns.transport.testing.TestQueries;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * A reply exactly as large as the client allows is sent whole, one octet more is truncated: the limit is the
 * message size the client gave (RFC 6891 §6.2.5, RFC 1035 §4.2.1), not a dozen octets less. The handler answers
 * "pad-N" with one TXT record whose rdata holds N octets of text.
 */
class ReplySizeLimitTest {

    private static DnsServer server;
    private static InetSocketAddress address;

    @BeforeAll
    static void start() {
        server = LoopbackServers.start(query -> Response.of(padded(query.message())));
        address = LoopbackServers.address(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aReplyOfExactlyTheEdnsPayloadIsNotTruncated() {
        int padding = paddingForSize(1232, true);
        Message fits = ask(padding, true);
        assertFalse(fits.getHeader().getFlag(Flags.TC), "a 1232-octet reply to a 1232-octet client");
        assertEquals(1, fits.getSection(Section.ANSWER).size());
        assertTrue(ask(padding + 1, true).getHeader().getFlag(Flags.TC), "one octet more does not fit");
    }

    @Test
    void aReplyOfExactly512OctetsWithoutEdnsIsNotTruncated() {
        int padding = paddingForSize(512, false);
        assertFalse(ask(padding, false).getHeader().getFlag(Flags.TC), "a 512-octet reply without EDNS");
        assertTrue(ask(padding + 1, false).getHeader().getFlag(Flags.TC), "one octet more does not fit");
    }

    private static Message ask(int padding, boolean edns) {
        Message query = edns ? TestQueries.ednsQuery("pad-" + padding, Type.TXT, 1232)
                : TestQueries.query("pad-" + padding, Type.TXT);
        return LoopbackClient.udp(address, query).orElseThrow();
    }

    /**
     * The padding that makes the whole reply, our OPT included, {@code size} octets. The probe's padding has as
     * many digits as the answer's, so the question name has the same length.
     */
    private static int paddingForSize(int size, boolean edns) {
        int probePadding = size - 100;
        Message reply = padded(TestQueries.query("pad-" + probePadding, Type.TXT));
        if (edns) {
            reply.addRecord(new OPTRecord(Edns.OUR_UDP_PAYLOAD, 0, 0), Section.ADDITIONAL);
        }
        int padding = probePadding + size - reply.toWire().length;
        assertEquals(String.valueOf(probePadding).length(), String.valueOf(padding).length());
        return padding;
    }

    /** The reply to "pad-N": one TXT record of N octets of text, in strings of at most 255. */
    private static Message padded(Message query) {
        Message reply = Replies.replyTo(query);
        String label = query.getQuestion().getName().getLabelString(0);
        int octets = Integer.parseInt(label.substring("pad-".length()));
        List<String> strings = new ArrayList<>();
        for (int left = octets; left > 0; left -= 256) {
            strings.add("x".repeat(Math.min(255, left - 1)));
        }
        reply.addRecord(new TXTRecord(query.getQuestion().getName(), DClass.IN, 60, strings), Section.ANSWER);
        return reply;
    }
}
