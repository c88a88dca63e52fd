package dev.jdns.benchmarks;

import dev.jdns.resolver.Resolution;
import dev.jdns.resolver.Resolver;
import dev.jdns.resolver.ResolverBuilder;
import dev.jdns.resolver.cache.AnswerCache;
import dev.jdns.resolver.cache.ServerStats;
import dev.jdns.resolver.cache.Trust;
import dev.jdns.resolver.core.Question;
import dev.jdns.resolver.core.RootHints;
import dev.jdns.resolver.core.UpstreamSockets;
import dev.jdns.resolver.iterate.ReplyClassifier;
import dev.jdns.resolver.iterate.ReplyOutcome;
import dev.jdns.resolver.iterate.Scrubber;
import dev.jdns.resolver.iterate.ServerRole;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The resolver's cold path, one step at a time, for names it never saw (as {@code bench/run.sh}'s "new" phase: one
 * upstream query each to the server of {@code wild.}): parsing the upstream reply, scrubbing and classifying it,
 * ranking the zone's servers, caching the answer, and the whole resolution against a loopback authority
 * ({@link UpstreamResponder}) with a fresh socket per upstream query, as in production.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ColdPathBenchmarks {

    /** Distinct names per cache: a power of two; the cache is replaced when they are used up, so every put is new. */
    private static final int NAMES = 1 << 16;
    private static final Name ZONE = Name.fromConstantString("wild.");

    private final RRset[] answers = new RRset[NAMES];
    private byte[] replyWire;
    private Message reply;
    private Question question;
    private final Scrubber scrubber = new Scrubber();
    private final ReplyClassifier classifier = new ReplyClassifier();
    private final ServerStats stats = new ServerStats();
    private List<InetSocketAddress> oneServer;
    private List<InetSocketAddress> fourServers;
    private AnswerCache cache;
    private int next;

    private UpstreamResponder upstream;
    private Resolver resolver;
    private Path emptyHosts;
    private long fresh;

    @Setup
    public void setUp() throws Exception {
        Name name = Name.fromConstantString("r0-12345.wild.");
        question = Question.in(name, Type.A);
        reply = new Message(4711);
        reply.getHeader().setFlag(Flags.QR);
        reply.getHeader().setFlag(Flags.AA);
        reply.addRecord(question.toRecord(), Section.QUESTION);
        reply.addRecord(a(name, 1), Section.ANSWER);
        Name ns = Name.fromConstantString("ns1.wild.");
        reply.addRecord(new NSRecord(ZONE, DClass.IN, 86400, ns), Section.AUTHORITY);
        reply.addRecord(a(ns, 2), Section.ADDITIONAL);
        replyWire = reply.toWire();
        for (int i = 0; i < NAMES; i++) {
            answers[i] = new RRset(a(Name.fromString("r" + i + ".wild."), i));
        }
        cache = new AnswerCache();
        oneServer = List.of(new InetSocketAddress(InetAddress.getByName("127.53.3.2"), 53));
        fourServers = List.of(new InetSocketAddress(InetAddress.getByName("127.53.3.2"), 53),
                new InetSocketAddress(InetAddress.getByName("127.53.3.3"), 53),
                new InetSocketAddress(InetAddress.getByName("127.53.3.4"), 53),
                new InetSocketAddress(InetAddress.getByName("127.53.3.5"), 53));
        stats.recordRtt(fourServers.get(2), java.time.Duration.ofMillis(3));
        startResolver();
    }

    private static ARecord a(Name name, int i) throws IOException {
        return new ARecord(name, DClass.IN, 86400,
                InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i}));
    }

    private void startResolver() throws IOException {
        upstream = new UpstreamResponder();
        emptyHosts = Files.createTempFile("bench", ".hosts");
        resolver = coldResolver(upstream, emptyHosts);
    }

    /** A resolver whose one root server is {@code upstream}, which answers every name authoritatively. */
    static Resolver coldResolver(UpstreamResponder upstream, Path emptyHosts) throws IOException {
        InetAddress rootAddress = InetAddress.getByName("198.41.0.4");
        Name rootNs = Name.fromConstantString("a.root-servers.net.");
        List<Record> hints = List.of(new NSRecord(Name.root, DClass.IN, 3600000, rootNs),
                new ARecord(rootNs, DClass.IN, 3600000, rootAddress));
        return new ResolverBuilder()
                .rootHints(RootHints.fromRecords(hints, "benchmark"))
                .hostsFile(emptyHosts)
                .upstreamSockets(UpstreamSockets.mapped(Map.of(rootAddress, upstream.address())))
                .build();
    }

    @TearDown
    public void tearDown() throws IOException {
        upstream.close();
        Files.deleteIfExists(emptyHosts);
    }

    @Setup(Level.Iteration)
    public void freshCache() {
        cache = new AnswerCache();
        next = 0;
    }

    /** dnsjava's parse of the upstream reply (answer, the zone's NS, its glue), as the client does once per reply. */
    @Benchmark
    public Message parseUpstreamReply() throws IOException {
        return new Message(replyWire);
    }

    /** Bailiwick scrubbing and classification of that reply. */
    @Benchmark
    public ReplyOutcome scrubAndClassify() {
        return classifier.classify(scrubber.scrub(reply, question, ZONE), question, ServerRole.AUTHORITATIVE);
    }

    /** Which server of the zone to ask first, for a zone with one server address and with four. */
    @Benchmark
    public List<InetSocketAddress> orderOneServer() {
        return stats.order(oneServer);
    }

    @Benchmark
    public List<InetSocketAddress> orderFourServers() {
        return stats.order(fourServers);
    }

    /** Caching a one-record answer for a name not cached yet: weighing, the byte bound, expiry. */
    @Benchmark
    public boolean cacheInsert() {
        if (next == NAMES) {
            cache = new AnswerCache();
            next = 0;
        }
        return cache.putRRset(answers[next++], Trust.AUTHORITATIVE_ANSWER);
    }

    /**
     * A whole resolution of a never-seen name: cache miss, one upstream query on a fresh socket to the loopback
     * authority, scrubbing, caching. Wall time per resolution, the responder's share included.
     */
    @Benchmark
    public Resolution wholeColdResolution() throws IOException {
        Name name = Name.fromString("c" + fresh++ + ".wild.");
        return resolver.resolve(Question.in(name, Type.A), true);
    }
}
