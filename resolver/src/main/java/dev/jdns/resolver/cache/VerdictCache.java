package dev.jdns.resolver.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Validated answers, each with its {@link Security} verdict, keyed by question. Kept apart from the
 * {@link AnswerCache}, which holds what upstream servers said before anyone checked it (data fetched with CD=1
 * included): only the validator writes here, so unvalidated data can never be served as validated, and a cache hit
 * costs no signature check (validation happens on the miss, as in Unbound). Expiry and TTL ageing on the injected
 * {@link Ticker}; bounded in estimated bytes.
 */
public final class VerdictCache {

    /** How long a bogus verdict is remembered (Unbound's val-bogus-ttl): retries must not repeat the work at once. */
    public static final Duration BOGUS_TTL = Duration.ofSeconds(60);

    /** One validated reply: its verdict, the reply's rcode and sections (DNSSEC records included), the EDE. */
    public record Verdict(Security security, int rcode, List<Record> answer, List<Record> authority,
            int extendedError, String extendedErrorText) {
        public Verdict {
            Objects.requireNonNull(security, "security");
            answer = List.copyOf(answer);
            authority = List.copyOf(authority);
        }

        /** From a reply of dnsjava's validator; {@code extendedError} is -1 when it gave none. */
        public static Verdict of(Security security, Message validated, int extendedError, String text) {
            return new Verdict(security, validated.getRcode(), validated.getSection(Section.ANSWER),
                    validated.getSection(Section.AUTHORITY), extendedError, text);
        }
    }

    private record Entry(Verdict verdict, long ttlSeconds, long storedAtNanos, long bytes) {
        long deadlineNanos() {
            return storedAtNanos + Ttls.toNanos(ttlSeconds);
        }
    }

    private final Ticker ticker;
    private final Duration maxTtl;
    private final Cache<CacheKey, Entry> entries;

    public VerdictCache(long maxBytes, Duration maxTtl, Ticker ticker) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.maxTtl = Objects.requireNonNull(maxTtl, "maxTtl");
        this.entries = Caffeine.newBuilder()
                .ticker(ticker)
                .executor(Runnable::run)
                .maximumWeight(maxBytes)
                .weigher((CacheKey key, Entry entry) -> HeapEstimate.weight(entry.bytes()))
                .expireAfter(new ExpiresAt<CacheKey, Entry>(Entry::deadlineNanos))
                .build();
    }

    /** The verdict for the question with every TTL counted down, while it lives. */
    public Optional<Verdict> lookup(Name name, int type, int dclass) {
        Entry entry = entries.getIfPresent(CacheKey.of(name, type, dclass));
        if (entry == null) {
            return Optional.empty();
        }
        long ttl = Ttls.remaining(entry.ttlSeconds(), ticker.read() - entry.storedAtNanos());
        Verdict v = entry.verdict();
        return Optional.of(new Verdict(v.security(), v.rcode(), Ttls.withTtl(v.answer(), ttl),
                Ttls.withTtl(v.authority(), ttl), v.extendedError(), v.extendedErrorText()));
    }

    /**
     * Remembers {@code verdict} for as long as the shortest TTL in it (RFC 2308 §5 for a negative answer: the SOA's
     * MINIMUM bounds it too), clamped to the cache's maximum; a bogus one for {@link #BOGUS_TTL}.
     */
    public void put(Name name, int type, int dclass, Verdict verdict) {
        long ttl = verdict.security() == Security.BOGUS ? BOGUS_TTL.toSeconds() : shortestTtl(verdict);
        if (ttl <= 0) {
            return;
        }
        List<Record> all = new ArrayList<>(verdict.answer());
        all.addAll(verdict.authority());
        long octets = 0;
        for (Record record : all) {
            octets += HeapEstimate.wireLength(record);
        }
        long bytes = HeapEstimate.answer(all.size(), octets);
        entries.put(CacheKey.of(name, type, dclass), new Entry(verdict, ttl, ticker.read(), bytes));
    }

    private long shortestTtl(Verdict verdict) {
        long ttl = maxTtl.toSeconds();
        for (List<Record> section : List.of(verdict.answer(), verdict.authority())) {
            for (Record record : section) {
                ttl = Math.min(ttl, record.getTTL());
                if (record.getType() == Type.SOA) {
                    ttl = Math.min(ttl, ((org.xbill.DNS.SOARecord) record).getMinimum());
                }
            }
        }
        return ttl;
    }

    public void clear() {
        entries.invalidateAll();
    }

    /** Removes every verdict whose owner name {@code which} picks; returns how many. */
    public long removeIf(Predicate<Name> which) {
        return NamedRemoval.removeIf(entries, CacheKey::name, which);
    }

    public long estimatedSize() {
        entries.cleanUp();
        return entries.estimatedSize();
    }
}
