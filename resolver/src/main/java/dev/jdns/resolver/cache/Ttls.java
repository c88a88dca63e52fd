package dev.jdns.resolver.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Record;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Section;

/** TTL arithmetic shared by the caches: clamping, counting down, and copying records with another TTL. */
public final class Ttls {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private Ttls() {}

    static long clamp(long ttlSeconds, Duration min, Duration max) {
        return Math.max(min.toSeconds(), Math.min(max.toSeconds(), ttlSeconds));
    }

    static long toNanos(long seconds) {
        return Math.multiplyExact(seconds, NANOS_PER_SECOND);
    }

    /**
     * The TTL to hand out {@code elapsedNanos} after caching with {@code originalSeconds}: whole seconds elapsed are
     * subtracted, never above the original, and never 0, because 0 would tell the client not to cache at all
     * (RFC 1035 §3.2.1) while the entry is still valid.
     */
    public static long remaining(long originalSeconds, long elapsedNanos) {
        long elapsedSeconds = Math.max(0, elapsedNanos) / NANOS_PER_SECOND;
        return Math.max(1, Math.min(originalSeconds, originalSeconds - elapsedSeconds));
    }

    /**
     * A copy of {@code record} with another TTL. dnsjava 3.7 has no public way to change a TTL, so the record goes
     * through its uncompressed wire form (which keeps the case of every name) with the TTL field replaced.
     */
    public static Record withTtl(Record record, long ttlSeconds) {
        if (record.getTTL() == ttlSeconds) {
            return record;
        }
        byte[] wire = record.toWire(Section.ANSWER);
        // Owner name, then TYPE (2) and CLASS (2), then the 32-bit TTL (RFC 1035 §4.1.3).
        ByteBuffer.wrap(wire).putInt(record.getName().length() + 4, (int) ttlSeconds);
        try {
            return Record.fromWire(wire, Section.ANSWER);
        } catch (IOException e) {
            throw new UncheckedIOException("re-reading a record we just wrote", e);
        }
    }

    public static List<Record> withTtl(List<Record> records, long ttlSeconds) {
        List<Record> copy = new ArrayList<>(records.size());
        for (Record record : records) {
            copy.add(withTtl(record, ttlSeconds));
        }
        return copy;
    }

    static RRset withTtl(RRset rrset, long ttlSeconds) {
        if (rrset.getTTL() == ttlSeconds && sigsHaveTtl(rrset, ttlSeconds)) {
            return rrset;
        }
        RRset copy = new RRset();
        for (Record record : rrset.rrs(false)) {
            copy.addRR(withTtl(record, ttlSeconds));
        }
        for (RRSIGRecord sig : rrset.sigs()) {
            copy.addRR((RRSIGRecord) withTtl(sig, ttlSeconds));
        }
        return copy;
    }

    /** A loop, not a stream: this runs for every RRset cached and every cache hit. */
    private static boolean sigsHaveTtl(RRset rrset, long ttlSeconds) {
        for (RRSIGRecord sig : rrset.sigs()) {
            if (sig.getTTL() != ttlSeconds) {
                return false;
            }
        }
        return true;
    }
}
