package dev.jdns.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdns.transport.testing.LoopbackClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Message;

/** Runs {@link QueryProcessor} without sockets and collects what it would send. */
final class Processing {

    static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 53000);

    private Processing() {}

    static List<byte[]> replies(QueryHandler handler, byte[] request, Protocol protocol) {
        List<byte[]> sent = new ArrayList<>();
        try {
            new QueryProcessor(handler).process(request, CLIENT, protocol, sent::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sent;
    }

    /** The one reply a request must get, as wire bytes. */
    static byte[] onlyReply(QueryHandler handler, byte[] request, Protocol protocol) {
        List<byte[]> sent = replies(handler, request, protocol);
        assertEquals(1, sent.size(), "number of replies");
        return sent.getFirst();
    }

    static Message onlyReply(QueryHandler handler, Message query, Protocol protocol) {
        return LoopbackClient.parse(onlyReply(handler, query.toWire(), protocol));
    }
}
