package dev.jdns.benchmarks;

import dev.jdns.authoritative.AuthoritativeHandler;
import dev.jdns.authoritative.ZoneCatalog;
import dev.jdns.authoritative.LoadedZone;
import dev.jdns.transport.Protocol;
import dev.jdns.transport.QueryProcessor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The precompiled-answer lookup of {@code jdns serve}, one reply shape at a time: request bytes to reply bytes
 * through {@link QueryProcessor} when the reply was built once and is sent again patched ({@code keptReply}: the
 * reuse key, the lookup of the kept reply, the copy with ID and question case patched), against building it
 * every time ({@code builtReply}: parse, zone lookup, response build, encode). Each invocation takes the next of
 * 256 questions of the shape, every fourth in upper case, over a zone shaped like bench/gen.sh's.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReplyShapeBenchmarks {

    private static final int QUESTIONS = 256;
    private static final int HOSTS = 1000;

    /** The shape of reply every question of a run gets. */
    @Param({"address", "rrset", "mx", "cnameChain", "wildcard", "referral", "nxdomain", "nodata"})
    public String shape;

    private final byte[][] wires = new byte[QUESTIONS][];
    private final InetSocketAddress client = new InetSocketAddress(InetAddress.getLoopbackAddress(), 5353);
    private QueryProcessor kept;
    private QueryProcessor built;
    private int next;

    @Setup
    public void setUp() throws IOException {
        ZoneCatalog catalog = ZoneCatalog.of(List.of(load()));
        AuthoritativeHandler handler = AuthoritativeHandler.serving(() -> catalog).build();
        kept = new QueryProcessor(handler);
        // No answer generation: the front end keeps nothing, every query is built.
        built = new QueryProcessor(handler::handle);
        for (int i = 0; i < QUESTIONS; i++) {
            wires[i] = query(i);
            kept.process(wires[i], client, Protocol.UDP, reply -> { });
        }
    }

    private byte[] query(int i) throws IOException {
        String name;
        int type = Type.A;
        switch (shape) {
            case "address" -> name = "host" + i;
            case "rrset" -> name = "pool" + i % 16;
            case "mx" -> {
                name = "host" + 4 * i;
                type = Type.MX;
            }
            case "cnameChain" -> name = "alias" + i % 50;
            case "wildcard" -> name = "w" + i + ".wc";
            case "referral" -> name = "d" + i + ".sub";
            case "nxdomain" -> name = "nx" + i;
            case "nodata" -> {
                name = "host" + i;
                type = Type.TXT;
            }
            default -> throw new IllegalArgumentException("no shape " + shape);
        }
        String text = name + ".bench.";
        Message query = Message.newQuery(Record.newRecord(Name.fromString(i % 4 == 0 ? text.toUpperCase() : text),
                type, DClass.IN));
        query.getHeader().setID(i);
        return query.toWire();
    }

    /** A zone of the shapes: hosts (A, AAAA, MX on every 4th), pools of 4 A, CNAME chains, a wildcard, a cut. */
    private static LoadedZone load() {
        StringBuilder text = new StringBuilder("$ORIGIN bench.\n$TTL 86400\n")
                .append("@ IN SOA ns1 hostmaster 1 3600 900 604800 300\n@ IN NS ns1\nns1 IN A 127.0.0.1\n");
        for (int i = 0; i < HOSTS; i++) {
            text.append("host").append(i).append(" A 10.0.").append(i / 256).append('.').append(i % 256).append('\n')
                    .append("host").append(i).append(" AAAA 2001:db8::").append(Integer.toHexString(i)).append('\n');
            if (i % 4 == 0) {
                text.append("host").append(i).append(" MX 10 mail").append(i / 4 % 10).append('\n');
            }
        }
        for (int i = 0; i < 10; i++) {
            text.append("mail").append(i).append(" A 10.255.0.").append(i).append('\n');
        }
        for (int i = 0; i < 16; i++) {
            for (int a = 1; a <= 4; a++) {
                text.append("pool").append(i).append(" A 10.1.").append(i).append('.').append(a).append('\n');
            }
        }
        for (int i = 0; i < 50; i++) {
            boolean chained = i % 10 < 2;
            text.append("alias").append(i).append(" CNAME ").append(chained ? "alias" + (i + 1) : "host" + i)
                    .append('\n');
        }
        text.append("*.wc A 192.0.2.10\n*.wc TXT \"wildcard answer\"\n")
                .append("sub NS ns1.sub\nsub NS ns2.sub\nns1.sub A 192.0.2.53\nns2.sub A 192.0.2.54\n");
        return BenchZone.fromText(text);
    }

    private int nextIndex() {
        next = (next + 1) & (QUESTIONS - 1);
        return next;
    }

    /** The kept reply, patched: what a repeated question costs. */
    @Benchmark
    public void keptReply(Blackhole reply) throws IOException {
        kept.process(wires[nextIndex()], client, Protocol.UDP, reply::consume);
    }

    /** Built from the zone every time: what the first ask of a question costs. */
    @Benchmark
    public void builtReply(Blackhole reply) throws IOException {
        built.process(wires[nextIndex()], client, Protocol.UDP, reply::consume);
    }
}
