package dev.jdns.authoritative;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferException;
import org.xbill.DNS.ZoneTransferIn;

/**
 * A zone transfer in, from a primary, over TCP, with dnsjava's {@code ZoneTransferIn}: it sends the request
 * (signed when a key is given), reads the stream, verifies every message's TSIG chained to the previous one (RFC
 * 8945 §5.3.1, its {@code StreamVerifier}), and tells an incremental reply (RFC 1995 §4) from a full one. This
 * class bounds what a primary can make us hold and hands back {@link ZoneDiff}s or the zone's records.
 *
 * <p>An IXFR carrying our serial doubles as the SOA check (RFC 1995 §2 lets a client send IXFR at once): when we
 * are current the primary answers its SOA alone. One TCP exchange whose every message is verified, so no
 * unverifiable UDP reply can ever count as contact with the primary (which would put off expiry).
 */
final class TransferIn {

    /** Records a transfer may bring: beyond this the primary is broken or hostile, and the transfer fails. */
    static final int MAX_RECORDS = 2_000_000;
    /** The whole transfer, connection included: ZoneTransferIn's default (15 min) would stall refreshes. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    /** What a transfer brought. */
    sealed interface Outcome {
        /** The primary's serial is ours (or older, RFC 1982): nothing to take. */
        record UpToDate() implements Outcome {}

        /** The differences from our version to the primary's, in order (RFC 1995 §4). */
        record Incremental(List<ZoneDiff> steps) implements Outcome {}

        /** The whole zone, SOA first (the closing SOA left out). */
        record Full(List<Record> records) implements Outcome {
            SOARecord soa() {
                return (SOARecord) records.getFirst();
            }
        }
    }

    /**
     * A transfer that did not complete. {@code unreachable}: no TCP exchange with the primary at all (refused,
     * timed out): asking the same server for a full transfer instead is pointless.
     */
    static final class Failure extends Exception {
        private final boolean unreachable;

        Failure(String message, boolean unreachable, Throwable cause) {
            super(message, cause);
            this.unreachable = unreachable;
        }

        boolean unreachable() {
            return unreachable;
        }
    }

    private final Duration timeout;

    TransferIn(Duration timeout) {
        this.timeout = timeout;
    }

    /** IXFR from our {@code serial}; the primary may still answer with the whole zone. */
    Outcome incremental(Name origin, long serial, InetSocketAddress primary, Optional<TSIG> key) throws Failure {
        return run(ZoneTransferIn.newIXFR(origin, serial, true, primary, key.orElse(null)));
    }

    /** AXFR (RFC 5936). */
    Outcome full(Name origin, InetSocketAddress primary, Optional<TSIG> key) throws Failure {
        return run(ZoneTransferIn.newAXFR(origin, primary, key.orElse(null)));
    }

    private Outcome run(ZoneTransferIn transfer) throws Failure {
        transfer.setTimeout(timeout);
        Collector collector = new Collector();
        try {
            transfer.run(collector);
        } catch (ZoneTransferException e) {
            throw new Failure(e.getMessage(), false, e);
        } catch (IOException e) {
            // The stream may have broken half way (a primary that hung up): only a connection that never opened
            // says the server is unreachable.
            boolean unreachable = !collector.started();
            throw new Failure("no transfer: " + e, unreachable, e);
        } catch (RuntimeException e) {
            // dnsjava meeting a reply it did not foresee (an empty answer where a signature check needs a
            // record, say): a broken stream, whatever it was.
            throw new Failure("malformed transfer: " + e, false, e);
        }
        return collector.outcome();
    }

    /** Collects what ZoneTransferIn reads, counting records. Not thread-safe: one per transfer. */
    private static final class Collector implements ZoneTransferIn.ZoneTransferHandler {
        private List<Record> full;
        private List<ZoneDiff> steps;
        private SOARecord from;
        private SOARecord to;
        private List<Record> deleted;
        private List<Record> added;
        private int count;

        boolean started() {
            return full != null || steps != null;
        }

        @Override
        public void startAXFR() {
            full = new ArrayList<>();
        }

        @Override
        public void startIXFR() {
            steps = new ArrayList<>();
        }

        @Override
        public void startIXFRDeletes(Record soa) throws ZoneTransferException {
            closeStep();
            from = soa(soa);
            to = null;
            deleted = new ArrayList<>();
            added = null;
        }

        @Override
        public void startIXFRAdds(Record soa) throws ZoneTransferException {
            to = soa(soa);
            added = new ArrayList<>();
        }

        @Override
        public void handleRecord(Record record) throws ZoneTransferException {
            if (++count > MAX_RECORDS) {
                throw new ZoneTransferException("more than " + MAX_RECORDS + " records");
            }
            if (steps == null) {
                full.add(record);
            } else {
                (added != null ? added : deleted).add(record);
            }
        }

        private void closeStep() {
            if (from != null && to != null) {
                steps.add(new ZoneDiff(from, to, deleted, added));
            }
        }

        private static SOARecord soa(Record record) throws ZoneTransferException {
            if (!(record instanceof SOARecord soa)) {
                throw new ZoneTransferException("expected an SOA, got " + Type.string(record.getType()));
            }
            return soa;
        }

        Outcome outcome() throws Failure {
            if (steps != null) {
                closeStep();
                if (steps.isEmpty()) {
                    throw new Failure("incremental transfer without a difference", false, null);
                }
                return new Outcome.Incremental(List.copyOf(steps));
            }
            if (full == null) {
                return new Outcome.UpToDate();
            }
            if (full.size() < 2 || !(full.getFirst() instanceof SOARecord)
                    || !(full.getLast() instanceof SOARecord)) {
                throw new Failure("full transfer not framed by SOA records", false, null);
            }
            return new Outcome.Full(List.copyOf(full.subList(0, full.size() - 1)));
        }
    }
}
