package dev.jdns.cli.querylog;

import dev.jdns.cli.dig.Json;
import dev.jdns.transport.Protocol;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * One query as the log keeps it until its writer gets to it: plain values taken on the query's thread, turned into
 * text only on the writer's.
 *
 * @param rcode        the reply's rcode, or {@link #NO_REPLY} when the handler sent none
 * @param flags        the reply header's flag bits ({@code 1 << Flags.QR} and so on)
 * @param source       where the answer came from (hosts, cache, upstream, coalesced, zone, none)
 * @param upstream     queries sent to other servers for it
 */
record QueryLogEntry(long epochMillis, InetSocketAddress client, Protocol protocol, Record question, int rcode,
        int flags, String source, int upstream, long latencyNanos) {

    static final int NO_REPLY = -1;
    /** The header flags in the order dig prints them. */
    static final int[] FLAG_ORDER = {Flags.QR, Flags.AA, Flags.TC, Flags.RD, Flags.RA, Flags.AD, Flags.CD};

    /** The JSON line: time, client, protocol, name, type, rcode, flags, source, upstream, latency_ms. */
    String json() {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.ofEpochMilli(epochMillis).toString());
        line.put("client", client.getAddress().getHostAddress());
        line.put("port", client.getPort());
        line.put("protocol", protocol.name().toLowerCase(Locale.ROOT));
        line.put("name", question.getName().toString());
        line.put("type", Type.string(question.getType()));
        line.put("rcode", rcode == NO_REPLY ? null : Rcode.string(rcode));
        List<String> set = new ArrayList<>();
        for (int flag : FLAG_ORDER) {
            if ((flags & (1 << flag)) != 0) {
                set.add(Flags.string(flag));
            }
        }
        line.put("flags", set);
        line.put("source", source);
        line.put("upstream", upstream);
        line.put("latency_ms", latencyNanos / 1_000_000.0);
        return Json.line(line);
    }
}
