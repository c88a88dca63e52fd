package dev.jdns.benchmarks;

import dev.jdns.authoritative.AuthoritativeHandler;
import dev.jdns.authoritative.LoadedZone;
import dev.jdns.authoritative.ZoneCatalog;
import dev.jdns.authoritative.ZoneLoader;
import dev.jdns.transport.Protocol;
import dev.jdns.transport.QueryProcessor;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * CPU time (user+sys) of one thread per query of bench/'s mix through {@code jdns serve}'s front end and handler,
 * without sockets: request bytes in, reply bytes out, as a UDP receiver runs it. The first pass over the mix (every
 * question new: what the first seconds after a start pay, JIT compilation on other threads excluded) and the
 * median of later passes (warm). Thread CPU time hardly moves when other jobs load the machine, so two builds can
 * be compared there; put the other build's jar first on the class path. Bounded: 21 passes over the file.
 * <pre>
 * bench/gen.sh /tmp/mix 127.0.0.1 127.0.0.1 1 1
 * java -cp cli/target/jdns.jar:benchmarks/target/benchmarks.jar dev.jdns.benchmarks.ServeMixCpu \
 *     /tmp/mix/bench.zone /tmp/mix/auth.queries
 * </pre>
 */
public final class ServeMixCpu {

    private static final int PASSES = 21; // the first is the cold pass, the next four warm up

    private ServeMixCpu() {}

    public static void main(String[] args) throws Exception {
        LoadedZone zone = ZoneLoader.load(Path.of(args[0]), Name.fromConstantString("bench."));
        ZoneCatalog catalog = ZoneCatalog.of(List.of(zone));
        QueryProcessor processor = new QueryProcessor(AuthoritativeHandler.serving(() -> catalog).build());
        byte[][] requests = requests(Files.readAllLines(Path.of(args[1])));
        InetSocketAddress client = new InetSocketAddress(InetAddress.getLoopbackAddress(), 5353);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] nanos = new long[PASSES];
        long[] replyOctets = new long[1];
        for (int pass = 0; pass < PASSES; pass++) {
            long before = threads.getCurrentThreadCpuTime();
            for (byte[] request : requests) {
                processor.process(request, client, Protocol.UDP, reply -> replyOctets[0] += reply.length);
            }
            nanos[pass] = (threads.getCurrentThreadCpuTime() - before) / requests.length;
        }
        long[] warm = Arrays.copyOfRange(nanos, 5, PASSES);
        Arrays.sort(warm);
        System.out.printf("serve CPU per query of the mix (%d queries): first pass %.1f us, warm median %.2f us,"
                + " min %.2f us (%d reply octets)%n", requests.length, nanos[0] / 1e3, warm[warm.length / 2] / 1e3,
                warm[0] / 1e3, replyOctets[0]);
    }

    /** dnsperf's lines ("name TYPE") as it sends them: RD set, no EDNS, IDs counting up. */
    private static byte[][] requests(List<String> lines) throws Exception {
        byte[][] out = new byte[lines.size()][];
        for (int i = 0; i < out.length; i++) {
            String[] fields = lines.get(i).trim().split("\\s+");
            Message query = Message.newQuery(Record.newRecord(Name.fromString(fields[0]), Type.value(fields[1]),
                    DClass.IN));
            query.getHeader().setID(i & 0xFFFF);
            out[i] = query.toWire();
        }
        return out;
    }
}
