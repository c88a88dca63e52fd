package dev.jdns.benchmarks;

import dev.jdns.authoritative.LoadedZone;
import dev.jdns.authoritative.ZoneLoadException;
import dev.jdns.authoritative.ZoneLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** The zone of bench/gen.sh (1000 names under {@code bench.}) and queries for it, for the micro-benchmarks. */
final class BenchZone {

    static final int NAMES = 1000;

    private BenchZone() {}

    /** Writes the zone to a temporary file and loads it as {@code jdns serve} would. */
    static LoadedZone load() {
        StringBuilder text = new StringBuilder("$ORIGIN bench.\n$TTL 86400\n")
                .append("@ IN SOA ns1 hostmaster 1 3600 900 604800 300\n@ IN NS ns1\nns1 IN A 127.0.0.1\n");
        for (int i = 0; i < NAMES; i++) {
            text.append("host").append(i).append(" IN A 10.0.").append(i / 256).append('.').append(i % 256)
                    .append('\n');
        }
        return fromText(text);
    }

    /** Zone-file text of {@code bench.}, written to a temporary file and loaded as {@code jdns serve} would. */
    static LoadedZone fromText(CharSequence text) {
        try {
            Path file = Files.createTempFile("bench", ".zone");
            try {
                Files.writeString(file, text);
                return ZoneLoader.load(file, Name.fromConstantString("bench."));
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ZoneLoadException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code hostI.bench.} for names that exist, {@code nxI.bench.} otherwise. */
    static Name name(int i, boolean exists) {
        try {
            return Name.fromString((exists ? "host" : "nx") + i + ".bench.");
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A query for A of {@code name} in wire form, as dnsperf sends it (RD set, no EDNS). */
    static byte[] queryWire(Name name, int id) {
        Message query = Message.newQuery(Record.newRecord(name, Type.A, DClass.IN));
        query.getHeader().setID(id);
        return query.toWire();
    }
}
