package dev.jdns.cli.control;

import dev.jdns.resolver.cache.AnswerCache.Snapshot;
import dev.jdns.resolver.cache.CachedAnswer;
import dev.jdns.resolver.cache.Trust;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Tokenizer;
import org.xbill.DNS.Type;

/**
 * The text of {@code dump-cache} and {@code load-cache}: zone-file records with their remaining TTLs, each cache
 * entry introduced by a comment that says what it is, so the file reads as a zone file and loads back exactly:
 *
 * <pre>
 * ; jdns cache dump
 * ; dumped 2026-12-06T16:40:00Z
 * ; answer authoritative_answer                 an RRset (its RRSIGs after it) and the trust it was cached with
 * www.example.com.  297  IN  A  192.0.2.10
 * ; nxdomain nope.example.com. IN               the name does not exist: the SOA, then the proofs
 * example.com.  55  IN  SOA  ns1.example.com. hostmaster.example.com. 1 7200 3600 1209600 300
 * ; nodata www.example.com. IN AAAA             no data of that type
 * </pre>
 *
 * Loading takes the time since {@code dumped} off every TTL, so an entry expires when it would have had the
 * resolver kept running, and one already expired is skipped.
 */
final class CacheDump {

    static final String HEADER = "; jdns cache dump";
    private static final String DUMPED = "; dumped ";
    private static final String ANSWER = "; answer ";
    private static final String NXDOMAIN = "; nxdomain ";
    private static final String NODATA = "; nodata ";

    /** What a load did. */
    record Loaded(long loaded, long expired, long refused) {}

    private CacheDump() {}

    static void write(Consumer<Consumer<Snapshot>> entries, Instant now, ControlCommands.Output out)
            throws IOException {
        out.line(HEADER);
        out.line(DUMPED + now);
        try {
            entries.accept(entry -> {
                try {
                    for (String line : lines(entry)) {
                        out.line(line);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e); // the cache's iteration takes no checked exception
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** @param restore puts one entry in the cache; false when the cache refuses it */
    static Loaded read(ControlCommands.Data data, Clock clock, Predicate<Snapshot> restore)
            throws IOException, ControlException {
        Reader reader = new Reader(clock, restore);
        int lineNumber = 0;
        for (String line = data.nextLine(); line != null; line = data.nextLine()) {
            lineNumber++;
            try {
                reader.accept(line.strip(), lineNumber);
            } catch (TextParseException | IllegalArgumentException | DateTimeParseException e) {
                throw new ControlException("line " + lineNumber + ": " + e.getMessage());
            }
        }
        reader.finish();
        return new Loaded(reader.loaded, reader.expired, reader.refused);
    }

    private static List<String> lines(Snapshot entry) {
        List<String> lines = new ArrayList<>();
        switch (entry.answer()) {
            case CachedAnswer.Positive positive -> {
                lines.add(ANSWER + entry.trust().name().toLowerCase(Locale.ROOT));
                positive.rrset().rrs(false).forEach(record -> lines.add(record.toString()));
                positive.rrset().sigs().forEach(record -> lines.add(record.toString()));
            }
            case CachedAnswer.NxDomain nx -> {
                lines.add(NXDOMAIN + entry.name() + " " + DClass.string(entry.dclass()));
                lines.add(nx.soa().toString());
                nx.proofs().forEach(record -> lines.add(record.toString()));
            }
            case CachedAnswer.NoData nodata -> {
                lines.add(NODATA + entry.name() + " " + DClass.string(entry.dclass()) + " "
                        + Type.string(entry.type()));
                lines.add(nodata.soa().toString());
                nodata.proofs().forEach(record -> lines.add(record.toString()));
            }
            case CachedAnswer.ServFail failure -> { }
        }
        return lines;
    }

    /** Gathers one entry's records between headers, then restores it with its TTLs aged by the time since. */
    private static final class Reader {
        private final Clock clock;
        private final Predicate<Snapshot> restore;
        private long agedSeconds;
        private String header;
        private int headerLine;
        private final List<Record> records = new ArrayList<>();
        long loaded;
        long expired;
        long refused;

        Reader(Clock clock, Predicate<Snapshot> restore) {
            this.clock = clock;
            this.restore = restore;
        }

        void accept(String line, int lineNumber) throws IOException, ControlException {
            if (line.isEmpty()) {
                return;
            }
            if (line.startsWith(DUMPED)) {
                Instant dumped = Instant.parse(line.substring(DUMPED.length()).strip());
                agedSeconds = Math.max(0, Duration.between(dumped, clock.instant()).toSeconds());
            } else if (line.startsWith(ANSWER) || line.startsWith(NXDOMAIN) || line.startsWith(NODATA)) {
                finish();
                checkHeader(line.substring(1).strip().split("\\s+"));
                header = line;
                headerLine = lineNumber;
            } else if (!line.startsWith(";")) {
                if (header == null) {
                    throw new IllegalArgumentException("a record before any '; answer', '; nxdomain' or '; nodata'");
                }
                records.add(parse(line));
            }
        }

        /**
         * Restores the entry gathered so far. Its records only meet here (an RRset of several names, a negative entry
         * without its SOA), so a failure is told at the entry's header line.
         */
        void finish() throws ControlException {
            try {
                if (header != null && !records.isEmpty()) {
                    Snapshot entry = entry(header, records);
                    if (entry == null) {
                        expired++;
                    } else if (restore.test(entry)) {
                        loaded++;
                    } else {
                        refused++;
                    }
                }
            } catch (RuntimeException e) {
                throw new ControlException("line " + headerLine + ": " + e.getMessage());
            } finally {
                header = null;
                records.clear();
            }
        }

        /** '; answer TRUST', '; nxdomain NAME CLASS' or '; nodata NAME CLASS TYPE', as {@link #lines} writes them. */
        private static void checkHeader(String[] words) {
            int expected = switch (words[0]) {
                case "answer" -> 2;
                case "nxdomain" -> 3;
                default -> 4;
            };
            if (words.length != expected) {
                throw new IllegalArgumentException("expected '; answer TRUST', '; nxdomain NAME CLASS' or"
                        + " '; nodata NAME CLASS TYPE'");
            }
            if (words[0].equals("answer")) {
                Trust.valueOf(words[1].toUpperCase(Locale.ROOT)); // IllegalArgumentException names it
                return;
            }
            name(words[1]);
            if (DClass.value(words[2]) < 0 || (expected == 4 && Type.value(words[3]) < 0)) {
                throw new IllegalArgumentException("unknown class or type in '" + String.join(" ", words) + "'");
            }
        }

        private Record parse(String line) throws IOException {
            Tokenizer tokens = new Tokenizer(line);
            Name name = tokens.getName(Name.root);
            long ttl = tokens.getTTL() - agedSeconds;
            int dclass = DClass.value(tokens.getString());
            int type = Type.value(tokens.getString());
            if (dclass < 0 || type < 0) {
                throw new IllegalArgumentException("expected NAME TTL CLASS TYPE RDATA: " + line);
            }
            return Record.fromString(name, type, dclass, Math.max(0, ttl), tokens, Name.root);
        }

        /** The entry, or null when it has expired since the dump. */
        private Snapshot entry(String header, List<Record> records) {
            if (records.stream().anyMatch(record -> record.getTTL() <= 0)) {
                return null;
            }
            String[] words = header.substring(1).strip().split("\\s+");
            Record first = records.getFirst();
            return switch (words[0]) {
                case "answer" -> {
                    RRset rrset = new RRset();
                    records.forEach(rrset::addRR);
                    yield new Snapshot(first.getName(), first.getType(), first.getDClass(),
                            new CachedAnswer.Positive(rrset, Trust.valueOf(words[1].toUpperCase(Locale.ROOT))),
                            Trust.valueOf(words[1].toUpperCase(Locale.ROOT)));
                }
                case "nxdomain" -> new Snapshot(name(words[1]), 0, DClass.value(words[2]),
                        new CachedAnswer.NxDomain(soa(first), records.subList(1, records.size())), Trust.ADDITIONAL);
                default -> new Snapshot(name(words[1]), Type.value(words[3]), DClass.value(words[2]),
                        new CachedAnswer.NoData(soa(first), records.subList(1, records.size())), Trust.ADDITIONAL);
            };
        }

        private static SOARecord soa(Record record) {
            if (record instanceof SOARecord soa) {
                return soa;
            }
            throw new IllegalArgumentException("a negative entry starts with its SOA, not " + record);
        }

        private static Name name(String text) {
            try {
                return Name.fromString(text, Name.root);
            } catch (TextParseException e) {
                throw new IllegalArgumentException(e.getMessage());
            }
        }
    }
}
