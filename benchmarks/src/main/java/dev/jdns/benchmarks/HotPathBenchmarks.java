package dev.jdns.benchmarks;

import dev.jdns.authoritative.AuthoritativeHandler;
import dev.jdns.authoritative.CatalogLookup;
import dev.jdns.authoritative.LoadedZone;
import dev.jdns.authoritative.ResponseBuilder;
import dev.jdns.authoritative.ZoneCatalog;
import dev.jdns.transport.Protocol;
import dev.jdns.transport.QueryProcessor;
import dev.jdns.transport.RateLimit;
import dev.jdns.transport.ResponseLimiter;
import dev.jdns.transport.ResponseRateLimiter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * The authoritative hot path piece by piece: parse a query, look the name up, build and encode the response, and
 * all of it through {@link QueryProcessor}. Each invocation takes the next of 1024 queries (80% existing names,
 * 20% NXDOMAIN, like bench/run.sh) so no single name stays hot in the caches.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HotPathBenchmarks {

    private static final int QUERIES = 1024;

    private final byte[][] wires = new byte[QUERIES][];
    private final Message[] parsed = new Message[QUERIES];
    private final Name[] names = new Name[QUERIES];
    private final byte[][] replies = new byte[QUERIES][];
    private final InetSocketAddress client = new InetSocketAddress(InetAddress.getLoopbackAddress(), 5353);
    private ZoneCatalog catalog;
    private LoadedZone zone;
    private ResponseBuilder responses;
    private QueryProcessor processor;
    private QueryProcessor processorWithoutReuse;
    /** A limit no client reaches, so every reply is classified, hashed and counted, and then sent. */
    private final ResponseLimiter limiter = new ResponseRateLimiter(
            new RateLimit(RateLimit.MAX_PER_SECOND, 2, 24, 56, 65536), System::nanoTime);
    private int next;

    @Setup
    public void setUp() throws IOException {
        zone = BenchZone.load();
        catalog = ZoneCatalog.of(List.of(zone));
        responses = new ResponseBuilder();
        AuthoritativeHandler handler = AuthoritativeHandler.serving(() -> catalog).build();
        processor = new QueryProcessor(handler);
        // A handler without answer generation: the front end keeps no replies, every query runs the full path.
        processorWithoutReuse = new QueryProcessor(handler::handle);
        for (int i = 0; i < QUERIES; i++) {
            names[i] = BenchZone.name((i * 7919) % BenchZone.NAMES, i % 5 != 0);
            wires[i] = BenchZone.queryWire(names[i], i);
            parsed[i] = new Message(wires[i]);
            int index = i;
            processorWithoutReuse.process(wires[i], client, Protocol.UDP, wire -> replies[index] = wire);
        }
    }

    private int nextIndex() {
        next = (next + 1) & (QUERIES - 1);
        return next;
    }

    @Benchmark
    public Message parseQuery() throws IOException {
        return new Message(wires[nextIndex()]);
    }

    @Benchmark
    public Optional<CatalogLookup.Located> zoneLookup() {
        return CatalogLookup.lookup(catalog, names[nextIndex()], Type.A);
    }

    @Benchmark
    public byte[] buildAndEncodeResponse() {
        int i = nextIndex();
        CatalogLookup.Located located = CatalogLookup.lookup(catalog, names[i], Type.A).orElseThrow();
        return responses.build(parsed[i], located.result(), located.zone()).toWire(512);
    }

    /** Request bytes to reply bytes as a server does it, reusing encoded replies (the packet cache). */
    @Benchmark
    public void wholeQuery(Blackhole reply) throws IOException {
        processor.process(wires[nextIndex()], client, Protocol.UDP, reply::consume);
    }

    /** The same without reuse: parse, look up, build, encode, every time. */
    @Benchmark
    public void wholeQueryWithoutReuse(Blackhole reply) throws IOException {
        processorWithoutReuse.process(wires[nextIndex()], client, Protocol.UDP, reply::consume);
    }

    /** Response rate limiting alone: classify one encoded reply, hash its key, count it in its bucket. */
    @Benchmark
    public byte[] rateLimiterAdmit() {
        return limiter.admit(replies[nextIndex()], client.getAddress());
    }

    /** {@link #wholeQuery} with response rate limiting on (jdns serve's default), as the UDP front end runs it. */
    @Benchmark
    public void wholeQueryRateLimited(Blackhole reply) throws IOException {
        processor.process(wires[nextIndex()], client, Protocol.UDP,
                wire -> reply.consume(limiter.admit(wire, client.getAddress())));
    }
}
