package dev.jdns.resolver.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;

/**
 * Smoothed round-trip time per upstream server address, like BIND's SRTT and Unbound's infra cache: the resolver
 * asks the fastest servers of a zone first, servers that time out drop to the back, and servers it has never
 * measured still get tried. Bounded in size; a server's record is forgotten {@code memory} after its last update,
 * so a penalised server gets another chance later. Thread-safe.
 */
public final class ServerStats {

    /** How long a measurement is kept after its last update (Unbound's infra-host-ttl is 900 s). */
    public static final Duration DEFAULT_MEMORY = Duration.ofMinutes(15);
    /**
     * An unmeasured server is ranked as if its SRTT were a random value below this (BIND starts unknown servers at
     * a random 1-32 ms): it goes before slow or failing servers and, now and then, before fast ones.
     */
    static final double UNKNOWN_RTT_SPREAD_MILLIS = 32;
    /** Weight of the previous SRTT when a new sample arrives (BIND's 7/10 old, 3/10 new). */
    static final double SMOOTHING = 0.7;
    /** A timeout doubles the SRTT, starting from at least this, so one timeout ranks a server behind working ones. */
    static final double TIMEOUT_FLOOR_MILLIS = 400;
    /** The SRTT never grows past this, so a server that recovers is back in front after a few answers. */
    static final double MAX_RTT_MILLIS = 10_000;

    /** What is known about one server, and when it was last updated (ticker time). */
    private record Stat(double srttMillis, int consecutiveTimeouts, long updatedNanos) {}

    /**
     * Holds one server's {@link Stat}, replaced atomically: a reply updates the SRTT in place, with a read of the
     * cache instead of a write. A Caffeine write runs the cache's maintenance on the writer, and one per upstream
     * reply showed in profiles of the resolver resolving new names (docs/performance.md).
     */
    private static final class Server {
        final AtomicReference<Stat> stat = new AtomicReference<>();
    }

    private final Cache<InetSocketAddress, Server> servers;
    private final RandomGenerator random;
    private final Ticker ticker;
    private final long memoryNanos;

    public ServerStats(long maxServers, Duration memory, Ticker ticker, RandomGenerator random) {
        this.random = Objects.requireNonNull(random, "random");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.memoryNanos = memory.toNanos();
        this.servers = Caffeine.newBuilder()
                .ticker(ticker)
                .executor(Runnable::run)
                .maximumSize(maxServers)
                // Kept while in use; a measurement older than the memory is ignored when read (see live()).
                .expireAfterAccess(memory)
                .build();
    }

    public ServerStats() {
        this(CacheSizes.DEFAULT.maxServers(), DEFAULT_MEMORY, Ticker.systemTicker(), RandomGenerator.getDefault());
    }

    /** A reply arrived after {@code rtt}: SRTT = 0.7 SRTT + 0.3 sample, the first sample taken as is. */
    public void recordRtt(InetSocketAddress server, Duration rtt) {
        double sample = rtt.toNanos() / 1e6;
        update(server, old -> old == null
                ? new Stat(sample, 0, 0)
                : new Stat(SMOOTHING * old.srttMillis() + (1 - SMOOTHING) * sample, 0, 0));
    }

    /** The server did not answer in time: its SRTT doubles (exponential back-off, as Unbound's RTO), up to a cap. */
    public void recordTimeout(InetSocketAddress server) {
        update(server, old -> {
            double base = old == null ? TIMEOUT_FLOOR_MILLIS : Math.max(old.srttMillis(), TIMEOUT_FLOOR_MILLIS);
            int timeouts = old == null ? 1 : old.consecutiveTimeouts() + 1;
            return new Stat(Math.min(MAX_RTT_MILLIS, base * 2), timeouts, 0);
        });
    }

    /** Applies {@code next} to the live stat of {@code server} (null when none) and stamps the result with now. */
    private void update(InetSocketAddress server, UnaryOperator<Stat> next) {
        AtomicReference<Stat> holder = servers.get(server, key -> new Server()).stat;
        holder.updateAndGet(old -> {
            long now = ticker.read();
            Stat updated = next.apply(live(old, now));
            return new Stat(updated.srttMillis(), updated.consecutiveTimeouts(), now);
        });
    }

    /** {@code stat} unless it was last updated {@code memory} or longer ago: then the server is unknown again. */
    private Stat live(Stat stat, long now) {
        return stat == null || now - stat.updatedNanos() >= memoryNanos ? null : stat;
    }

    private Stat current(InetSocketAddress server) {
        Server known = servers.getIfPresent(server);
        return known == null ? null : live(known.stat.get(), ticker.read());
    }

    /** The SRTT, when the server has been measured (and not forgotten). */
    public Optional<Duration> smoothedRtt(InetSocketAddress server) {
        Stat stat = current(server);
        return stat == null ? Optional.empty() : Optional.of(Duration.ofNanos((long) (stat.srttMillis() * 1e6)));
    }

    /** Timeouts since the last reply from the server (0 when unknown). */
    public int consecutiveTimeouts(InetSocketAddress server) {
        Stat stat = current(server);
        return stat == null ? 0 : stat.consecutiveTimeouts();
    }

    /**
     * {@code candidates} in the order to try them: lowest SRTT first, unmeasured ones at a random small SRTT. Plain
     * arrays and an insertion sort (stable, like the stream it replaced): a zone has a handful of server addresses,
     * and this runs for every upstream query, where a map and a sorted stream showed in profiles of the resolver
     * resolving new names (docs/performance.md).
     */
    public List<InetSocketAddress> order(Collection<InetSocketAddress> candidates) {
        InetSocketAddress[] servers = new InetSocketAddress[candidates.size()];
        double[] ranks = new double[servers.length];
        int count = 0;
        for (InetSocketAddress candidate : candidates) {
            if (indexOf(servers, count, candidate) >= 0) {
                continue;
            }
            Stat stat = current(candidate);
            double rank = stat == null ? random.nextDouble() * UNKNOWN_RTT_SPREAD_MILLIS : stat.srttMillis();
            int at = count++;
            while (at > 0 && ranks[at - 1] > rank) {
                servers[at] = servers[at - 1];
                ranks[at] = ranks[at - 1];
                at--;
            }
            servers[at] = candidate;
            ranks[at] = rank;
        }
        return Collections.unmodifiableList(Arrays.asList(servers).subList(0, count));
    }

    private static int indexOf(InetSocketAddress[] servers, int count, InetSocketAddress server) {
        for (int i = 0; i < count; i++) {
            if (servers[i].equals(server)) {
                return i;
            }
        }
        return -1;
    }

    public long estimatedSize() {
        servers.cleanUp();
        return servers.estimatedSize();
    }
}
