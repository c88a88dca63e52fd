package dev.jdns.cli.lab;

import dev.jdns.authoritative.AuthoritativeHandler;
import dev.jdns.authoritative.ZoneLoadException;
import dev.jdns.authoritative.ZoneStore;
import dev.jdns.cli.lab.TrainingQuestions.Question;
import dev.jdns.cli.log.LogSetup;
import dev.jdns.transport.DnsServer;
import dev.jdns.transport.ServerOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;

/**
 * A JIT warm-up before a server takes its first client: a throw-away copy of the lab on loopback ports the kernel
 * picks, put under a {@link LoopbackLoad} for a bounded count of queries and time, then closed. The JVM starts by
 * interpreting and compiles a method only once it has run thousands of times, so without it the first seconds of
 * a fresh server run at a fraction of its speed; afterwards the hot path's compiled code serves the real clients.
 * It uses its own servers, caches and sockets: nothing of it is left in the server that follows, and no packet
 * leaves loopback.
 *
 * <ul>
 *   <li>{@link #resolver}: the lab's resolver ({@link LabNetwork}: the same front end, query processing, packet
 *       cache, iteration, upstream exchange, scrubbing and caches as {@code jdns resolver}), asked half names it
 *       has answered before (cache hits, every reply shape of {@link TrainingQuestions}) and half names nobody
 *       asked before ({@link TrainingQuestions#fresh}: one upstream query each once the zone cuts are known).
 *   <li>{@link #serve}: for each lab server, a server built as {@code jdns serve} builds it (its zones, its inline
 *       handler, its packet cache on), asked every reply shape of its zones again and again, a quarter of them
 *       never-asked names (NXDOMAIN, wildcard expansions), which the packet cache cannot answer.
 * </ul>
 */
public final class WarmUp {

    /** The most a warm-up may send, and for how long. */
    public record Bounds(int maxQueries, Duration maxTime) {}

    /** What a warm-up did: queries sent and answered, and where its servers listened (all closed now). */
    public record Result(int sent, int answered, List<InetSocketAddress> listened) {}

    /** Logs whose INFO lines (zones loaded, transfers) would only bury the real server's start. */
    private static final String QUIET_LOGGERS = "dev.jdns";
    private static final InetSocketAddress ANY_LOOPBACK_PORT =
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    /** One question in this many to serve's copies is a name never asked before. */
    private static final int SERVE_FRESH_EVERY = 4;

    private WarmUp() {}

    /** Warms the resolver's path: see the class comment. */
    public static Result resolver(Bounds bounds) throws IOException, InterruptedException {
        long started = System.nanoTime();
        return withLabZones(topology -> {
            try (LabNetwork lab = LabNetwork.start(topology, ANY_LOOPBACK_PORT)) {
                IntFunction<byte[]> queries = resolverQueries(topology);
                InetSocketAddress target = lab.resolverAddress();
                LoopbackLoad.Tally tally = LoopbackLoad.run(i -> new LoopbackLoad.Probe(target, queries.apply(i)),
                        bounds.maxQueries(), deadline(started, bounds));
                List<InetSocketAddress> listened = new ArrayList<>(List.of(lab.resolverAddress()));
                lab.servers().forEach(server -> listened.add(server.localSocket()));
                return new Result(tally.sent(), tally.answered(), List.copyOf(listened));
            }
        });
    }

    /** What a warm-up does with the lab's zones, loaded. */
    private interface LabWork {
        Result run(Topology topology) throws IOException, InterruptedException;
    }

    /**
     * Runs {@code work} on the lab's zones, unpacked for it and deleted after, with their INFO lines (zones loaded,
     * transfers) held back.
     */
    private static Result withLabZones(LabWork work) throws IOException, InterruptedException {
        Path zones = LabZones.unpackEmbedded();
        try (LogSetup.HeldBack quiet = LogSetup.holdBackInfo(QUIET_LOGGERS)) {
            return work.run(Topology.load(zones));
        } catch (TopologyException e) {
            throw new IOException(e.getMessage(), e);
        } finally {
            LabNetwork.deleteQuietly(zones);
        }
    }

    /** Half known questions (hits once asked), half fresh names (misses), in turn. */
    private static IntFunction<byte[]> resolverQueries(Topology topology) {
        List<byte[]> known = TrainingQuestions.of(topology, Integer.MAX_VALUE).stream().map(WarmUp::wire).toList();
        IntFunction<Question> fresh = TrainingQuestions.fresh(topology);
        return i -> i % 2 == 0 ? known.get(i / 2 % known.size()) : wire(fresh.apply(i / 2));
    }

    /** Warms serve's path: see the class comment. */
    public static Result serve(Bounds bounds) throws IOException, InterruptedException {
        long started = System.nanoTime();
        return withLabZones(topology -> {
            // By identity: SimulatedServer is a record over its zones, too costly to hash once per query.
            Map<SimulatedServer, InetSocketAddress> sockets = new IdentityHashMap<>();
            List<DnsServer> copies = new ArrayList<>();
            try {
                for (SimulatedServer server : topology.servers()) {
                    DnsServer copy = startServeCopy(server);
                    copies.add(copy);
                    sockets.put(server, copy.boundAddresses().getFirst());
                }
                LoopbackLoad.Tally tally = LoopbackLoad.run(serveQueries(topology, sockets), bounds.maxQueries(),
                        deadline(started, bounds));
                return new Result(tally.sent(), tally.answered(), List.copyOf(sockets.values()));
            } finally {
                copies.forEach(DnsServer::close);
            }
        });
    }

    /** Known questions over and over (packet cache hits), every {@value #SERVE_FRESH_EVERY}th a fresh name. */
    private static IntFunction<LoopbackLoad.Probe> serveQueries(Topology topology,
            Map<SimulatedServer, InetSocketAddress> sockets) {
        List<Question> known = TrainingQuestions.of(topology, Integer.MAX_VALUE);
        List<byte[]> knownWire = known.stream().map(WarmUp::wire).toList();
        IntFunction<Question> fresh = TrainingQuestions.fresh(topology);
        return i -> {
            if (i % SERVE_FRESH_EVERY == 0) {
                Question question = fresh.apply(i / SERVE_FRESH_EVERY);
                return new LoopbackLoad.Probe(sockets.get(question.server()), wire(question));
            }
            int k = i % known.size();
            return new LoopbackLoad.Probe(sockets.get(known.get(k).server()), knownWire.get(k));
        };
    }

    /**
     * A server of the lab's zones built as {@code jdns serve} builds its own: zones in a store, the inline
     * authoritative handler, the default options (packet cache on), no rate limit (the load comes from one address).
     */
    private static DnsServer startServeCopy(SimulatedServer server) throws IOException {
        ZoneStore store;
        try {
            store = ZoneStore.load(List.of());
        } catch (ZoneLoadException e) {
            throw new IOException(e.getMessage(), e);
        }
        server.zones().forEach(store::putTransferred); // parsed once by Topology.load: no second read of the files
        DnsServer dns = new DnsServer(List.of(ANY_LOOPBACK_PORT),
                AuthoritativeHandler.serving(store).build(), ServerOptions.defaults());
        dns.start();
        return dns;
    }

    /** A recursion-desired query, as a stub or dnsperf sends it. */
    private static byte[] wire(Question question) {
        return Message.newQuery(Record.newRecord(question.name(), question.type(), DClass.IN)).toWire();
    }

    private static long deadline(long startedNanos, Bounds bounds) {
        return startedNanos + bounds.maxTime().toNanos();
    }
}
