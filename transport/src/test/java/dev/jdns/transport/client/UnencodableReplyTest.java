package dev.jdns.transport.client;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jdns.transport.Protocol;
import dev.jdns.transport.Replies;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * A reply that dnsjava parses but cannot encode again (found by UpstreamReplyFuzzTest: two WKS records without a
 * service bitmap made {@code Message.getSectionRRsets} throw ArrayIndexOutOfBoundsException in the scrubber, which
 * failed the whole resolution instead of moving on to the next server) is a malformed reply, over UDP and TCP.
 */
class UnencodableReplyTest {

    private static final Record QUESTION =
            Record.newRecord(Name.fromConstantString("www.example.com."), Type.A, DClass.IN);

    private ScriptedServer server;

    @AfterEach
    void stopServer() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void udpReplyWithRdataThatCannotBeEncodedIsMalformed() throws Exception {
        server = new ScriptedServer((query, raw, client, socket) ->
                ScriptedServer.sendUdp(socket, client, withEmptyWksRecords(query)), (query, out) -> {});
        DnsClient client = new DnsClient(Duration.ofMillis(500));

        assertThrows(MalformedReplyException.class,
                () -> client.exchange(server.address(), client.iterativeQuery(QUESTION), Protocol.UDP));
    }

    @Test
    void tcpReplyWithRdataThatCannotBeEncodedIsMalformed() throws Exception {
        server = new ScriptedServer((query, raw, client, socket) -> {}, (query, out) -> {
            byte[] reply = withEmptyWksRecords(query);
            out.writeShort(reply.length);
            out.write(reply);
        });
        DnsClient client = new DnsClient(Duration.ofSeconds(3));

        assertThrows(MalformedReplyException.class,
                () -> client.exchange(server.address(), client.iterativeQuery(QUESTION), Protocol.TCP));
    }

    /** The reply to {@code query} with two WKS records (RFC 1035 §3.4.2) whose bitmap is empty, written by hand. */
    private static byte[] withEmptyWksRecords(Message query) throws IOException {
        byte[] header = Replies.replyTo(query).toWire();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(header);
        for (int last = 1; last <= 2; last++) {
            out.writeShort(0xC00C); // the question name
            out.writeShort(Type.WKS);
            out.writeShort(DClass.IN);
            out.writeInt(60);
            out.writeShort(5);
            out.write(new byte[] {(byte) 192, 0, 2, (byte) last, 6}); // address, protocol TCP, no bitmap
        }
        byte[] reply = bytes.toByteArray();
        reply[7] = 2; // ANCOUNT
        return reply;
    }
}
