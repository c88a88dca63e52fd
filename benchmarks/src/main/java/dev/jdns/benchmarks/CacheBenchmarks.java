package dev.jdns.benchmarks;

import dev.jdns.resolver.cache.AnswerCache;
import dev.jdns.resolver.cache.CachedAnswer;
import dev.jdns.resolver.cache.Trust;
import java.net.InetAddress;
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
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Type;

/** The resolver's cache-hit path: {@link AnswerCache#lookup} (with its TTL countdown) over 1000 cached names. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CacheBenchmarks {

    private static final int QUERIES = 1024;

    private final Name[] names = new Name[QUERIES];
    private AnswerCache cache;
    private int next;

    @Setup
    public void setUp() throws Exception {
        cache = new AnswerCache();
        for (int i = 0; i < BenchZone.NAMES; i++) {
            Name name = BenchZone.name(i, true);
            RRset rrset = new RRset(new ARecord(name, DClass.IN, 86400,
                    InetAddress.getByAddress(new byte[] {10, 0, (byte) (i / 256), (byte) i})));
            cache.putRRset(rrset, Trust.AUTHORITATIVE_ANSWER);
        }
        for (int i = 0; i < QUERIES; i++) {
            names[i] = BenchZone.name((i * 7919) % BenchZone.NAMES, true);
        }
    }

    @Benchmark
    public Optional<CachedAnswer> cacheLookup() {
        next = (next + 1) & (QUERIES - 1);
        return cache.lookup(names[next], Type.A, DClass.IN);
    }
}
