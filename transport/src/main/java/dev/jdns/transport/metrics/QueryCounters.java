package dev.jdns.transport.metrics;

import dev.jdns.transport.Protocol;
import dev.jdns.transport.ServerMetrics;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;
import org.xbill.DNS.Type;

/**
 * {@link ServerMetrics} as a fixed table of {@link LongAdder}s indexed by protocol, query type and rcode: a reply is
 * counted with array indexing and one striped add, no lookup and no allocation, so counting costs the hot path
 * nothing measurable. Types outside {@link #TYPES} share one row, so the table (and the exported series) stay
 * bounded whatever clients ask.
 */
public final class QueryCounters implements ServerMetrics {

    /** The query types counted on their own row; the others are {@link #OTHER_TYPE}. */
    public static final int[] TYPES = {Type.A, Type.NS, Type.CNAME, Type.SOA, Type.PTR, Type.MX, Type.TXT, Type.AAAA,
        Type.SRV, Type.NAPTR, Type.DS, Type.RRSIG, Type.NSEC, Type.DNSKEY, Type.NSEC3, Type.SVCB, Type.HTTPS,
        Type.CAA, Type.IXFR, Type.AXFR, Type.ANY};
    /** The row of every other type, and of replies without a question. */
    public static final String OTHER_TYPE = "other";
    private static final int RCODES = 16;
    private static final byte[] ROW_OF_TYPE = rows();

    private final LongAdder[][][] replies;
    private final LongAdder[] drops = adders(Drop.values().length);

    public QueryCounters() {
        replies = new LongAdder[Protocol.values().length][TYPES.length + 1][];
        for (LongAdder[][] byType : replies) {
            for (int row = 0; row < byType.length; row++) {
                byType[row] = adders(RCODES);
            }
        }
    }

    @Override
    public void replied(Protocol protocol, int qtype, int rcode) {
        int row = qtype >= 0 && qtype < ROW_OF_TYPE.length ? ROW_OF_TYPE[qtype] : TYPES.length;
        replies[protocol.ordinal()][row][rcode & (RCODES - 1)].increment();
    }

    @Override
    public void dropped(Drop reason) {
        drops[reason.ordinal()].increment();
    }

    /** Receives one non-zero count. */
    @FunctionalInterface
    public interface ReplyCount {
        void accept(Protocol protocol, String type, int rcode, long count);
    }

    /** Every non-zero reply count, for an exporter (at scrape time, off the hot path). */
    public void forEachReplyCount(ReplyCount sink) {
        for (Protocol protocol : Protocol.values()) {
            LongAdder[][] byType = replies[protocol.ordinal()];
            for (int row = 0; row < byType.length; row++) {
                String type = row < TYPES.length ? Type.string(TYPES[row]) : OTHER_TYPE;
                for (int rcode = 0; rcode < RCODES; rcode++) {
                    long count = byType[row][rcode].sum();
                    if (count > 0) {
                        sink.accept(protocol, type, rcode, count);
                    }
                }
            }
        }
    }

    public long drops(Drop reason) {
        return drops[reason.ordinal()].sum();
    }

    private static byte[] rows() {
        byte[] rows = new byte[Arrays.stream(TYPES).max().orElseThrow() + 1];
        Arrays.fill(rows, (byte) TYPES.length);
        for (int row = 0; row < TYPES.length; row++) {
            rows[TYPES[row]] = (byte) row;
        }
        return rows;
    }

    private static LongAdder[] adders(int count) {
        LongAdder[] adders = new LongAdder[count];
        for (int i = 0; i < count; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }
}
