package dev.jdns.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdns.transport.Cidr;
import dev.jdns.transport.Protocol;
import dev.jdns.transport.Query;
import dev.jdns.transport.QueryHandler;
import dev.jdns.transport.QueryProcessor;
import dev.jdns.transport.ReplyReuse;
import dev.jdns.transport.Response;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The front end's packet cache behind the resolver: cached answers are sent again without running the pipeline,
 * with TTLs counted down on the cache's clock exactly as the cache would, expired with them, never to clients the
 * resolver refuses, and dropped when the hosts file changes.
 */
class ReplyReuseTest {

    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 53000);

    @TempDir
    Path dir;
    private SimulatedHierarchy net;
    private CountingHandler handler;
    private QueryProcessor processor;

    /** The resolver's handler, counting how often the front end actually calls it. */
    private static final class CountingHandler implements QueryHandler {
        final RecursiveHandler delegate;
        final AtomicInteger calls = new AtomicInteger();

        CountingHandler(RecursiveHandler delegate) {
            this.delegate = delegate;
        }

        @Override
        public Response handle(Query query) {
            calls.incrementAndGet();
            return delegate.handle(query);
        }

        @Override
        public ReplyReuse replyReuse() {
            return delegate.replyReuse();
        }
    }

    @BeforeEach
    void build() throws IOException {
        // The packet cache's own rules first; how prefetch shortens them is the last test's.
        net = new SimulatedHierarchy(dir).refreshPolicy(RefreshPolicy.DEFAULTS.withPrefetch(false));
        handler = new CountingHandler(new RecursiveHandler(net.resolver(), List.of(Cidr.parse("127.0.0.1/32"))));
        processor = new QueryProcessor(handler);
    }

    @AfterEach
    void stop() throws IOException {
        net.close();
    }

    @Test
    void cachedAnswersAreReusedWithTtlsCountingDownAndExpireWithThem() throws IOException {
        ask("www.example.test.", CLIENT); // iterates: not reusable
        ask("www.example.test.", CLIENT); // from the cache: kept
        assertEquals(2, handler.calls.get());

        net.ticker.advance(Duration.ofSeconds(100));
        Message reused = ask("WWW.example.TEST.", CLIENT);
        assertEquals(2, handler.calls.get(), "served from the packet cache");
        assertEquals("WWW.example.TEST.", reused.getQuestion().getName().toString());
        assertEquals(200, reused.getSection(Section.ANSWER).getFirst().getTTL());

        net.ticker.advance(Duration.ofSeconds(201));
        Message fresh = ask("www.example.test.", CLIENT);
        assertEquals(300, fresh.getSection(Section.ANSWER).getFirst().getTTL());
        assertEquals(2, net.upstreams.queriesAt(SimulatedHierarchy.EXAMPLE_TEST));
    }

    @Test
    void negativeAnswersExpireWithTheirNegativeTtl() throws IOException {
        ask("nothing.example.test.", CLIENT);
        ask("nothing.example.test.", CLIENT);
        net.ticker.advance(Duration.ofSeconds(59));
        Message cached = ask("nothing.example.test.", CLIENT);
        assertEquals(Rcode.NXDOMAIN, cached.getRcode());
        assertEquals(1, cached.getSection(Section.AUTHORITY).getFirst().getTTL());
        assertEquals(2, handler.calls.get());

        net.ticker.advance(Duration.ofSeconds(2));
        ask("nothing.example.test.", CLIENT);
        assertEquals(3, handler.calls.get());
        assertEquals(2, net.upstreams.queriesAt(SimulatedHierarchy.EXAMPLE_TEST));
    }

    @Test
    void refusedClientsNeverSeeCachedAnswers() throws IOException {
        ask("www.example.test.", CLIENT);
        ask("www.example.test.", CLIENT);
        Message refused = ask("www.example.test.", new InetSocketAddress("127.0.0.2", 53000));
        assertEquals(Rcode.REFUSED, refused.getRcode());
    }

    @Test
    void aChangedHostsFileWinsOverKeptReplies() throws IOException {
        ask("www.example.test.", CLIENT);
        ask("www.example.test.", CLIENT);
        Files.writeString(dir.resolve("hosts"), "10.9.9.9 www.example.test\n");
        net.ticker.advance(Duration.ofSeconds(2)); // past the hosts file's check interval

        Message reply = ask("www.example.test.", CLIENT);
        assertEquals("10.9.9.9", reply.getSection(Section.ANSWER).getFirst().rdataToString());
    }

    /**
     * With prefetch a kept reply is not sent again into the data's last tenth, where a hit must reach the resolver
     * to start the prefetch (else a name asked only through the packet cache would expire).
     */
    @Test
    void withPrefetchKeptRepliesStopWhereThePrefetchIsDue() throws IOException {
        try (SimulatedHierarchy prefetching = new SimulatedHierarchy(
                Files.createDirectories(dir.resolve("prefetching")))) {
            CountingHandler counting = new CountingHandler(new RecursiveHandler(prefetching.resolver(),
                    List.of(Cidr.parse("127.0.0.1/32"))));
            QueryProcessor front = new QueryProcessor(counting);
            ask(front, "www.example.test.", CLIENT); // iterates
            ask(front, "www.example.test.", CLIENT); // from the cache: kept until 270 s of its 300
            prefetching.ticker.advance(Duration.ofSeconds(269));
            ask(front, "www.example.test.", CLIENT);
            assertEquals(2, counting.calls.get(), "kept before the last tenth");

            prefetching.ticker.advance(Duration.ofSeconds(1));
            Message hit = ask(front, "www.example.test.", CLIENT);
            assertEquals(3, counting.calls.get(), "the resolver sees the hit in the last tenth");
            assertEquals(30, hit.getSection(Section.ANSWER).getFirst().getTTL());
        }
    }

    private Message ask(String name, InetSocketAddress client) throws IOException {
        return ask(processor, name, client);
    }

    private static Message ask(QueryProcessor front, String name, InetSocketAddress client) throws IOException {
        Message query = Message.newQuery(Record.newRecord(Name.fromConstantString(name), Type.A, DClass.IN));
        List<byte[]> sent = new ArrayList<>();
        front.process(query.toWire(), client, Protocol.UDP, sent::add);
        assertEquals(1, sent.size());
        return new Message(sent.getFirst());
    }
}
