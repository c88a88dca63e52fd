package dev.jdns.resolver.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/**
 * Answers the resolver has learned, keyed by (name, type, class): positive RRsets, NXDOMAIN for a whole name,
 * NODATA for a name and type, and short-lived SERVFAIL. Each entry expires when its TTL does (a Caffeine
 * {@code Expiry} per entry) and TTLs are counted down on every read, both from the same injected {@link Ticker},
 * so tests move time instead of sleeping.
 * An entry whose update is refused keeps its deadline (see {@link ExpiresAt}). With serve-stale (RFC 8767) data is
 * kept {@link AnswerCacheConfig#staleWindow()} past its deadline, invisible to {@link #lookup} and given only by
 * {@link #lookupStale}, within the same byte bound. Bounded in estimated heap bytes
 * ({@link HeapEstimate}), and an RRset larger than {@link #MAX_RRSET_OCTETS} is answered but never kept.
 * Thread-safe.
 */
public final class AnswerCache {

    /** Negative entries come with an SOA from the authority section of an authoritative reply. */
    private static final Trust NEGATIVE_TRUST = Trust.AUTHORITATIVE_AUTHORITY;

    /**
     * RRsets larger than this (uncompressed wire octets) are not cached. Real data is far smaller (a large DNSKEY or
     * TXT set is 2-4 KB); an attacker's zone can serve 64 KB sets over TCP under endless names, each costing about
     * 100 KB of heap and evicting hundreds of ordinary answers. BIND caps RRsets at 100 records
     * (max-records-per-rrset, CVE-2024-1737); a byte bound also covers a few huge records.
     */
    public static final int MAX_RRSET_OCTETS = 16 * 1024;

    private final AnswerCacheConfig config;
    private final Ticker ticker;
    private final Cache<CacheKey, CacheEntry> entries;

    public AnswerCache(AnswerCacheConfig config, Ticker ticker) {
        this.config = Objects.requireNonNull(config, "config");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.entries = Caffeine.newBuilder()
                .ticker(ticker)
                // Maintenance (eviction, expiry) runs on the calling thread: amortised O(1), no extra pool,
                // and the size bound holds as soon as put returns.
                .executor(Runnable::run)
                .maximumWeight(config.maxBytes())
                .weigher((CacheKey key, CacheEntry entry) -> HeapEstimate.weight(entry.heapBytes()))
                .expireAfter(new ExpiresAt<CacheKey, CacheEntry>(
                        entry -> entry.keptUntilNanos(config.staleWindow().toNanos())))
                .build();
    }

    public AnswerCache() {
        this(AnswerCacheConfig.DEFAULTS, Ticker.systemTicker());
    }

    /** What is cached for the question, answer-grade data only (glue is never an answer: RFC 2181 §5.4.1). */
    public Optional<CachedAnswer> lookup(Name name, int type, int dclass) {
        return lookup(name, type, dclass, Trust.NON_AUTHORITATIVE_ANSWER);
    }

    /**
     * What is live in the cache for the question with at least {@code minimum} trust; a cached NXDOMAIN for the
     * name wins over anything cached for one of its types (see {@link #answering}).
     */
    public Optional<CachedAnswer> lookup(Name name, int type, int dclass, Trust minimum) {
        long now = ticker.read();
        return answering(name, type, dclass, minimum, entry -> !entry.expiredAt(now))
                .map(entry -> entry.countedDown(now));
    }

    /**
     * Expired data for the question, kept for serve-stale, with every TTL set to {@code replyTtl} (RFC 8767 §4:
     * a stale answer's TTL is a short fixed one, 30 s recommended). Empty without serve-stale, and for data more
     * than the stale window past its expiry (the cache has dropped it by then).
     */
    public Optional<CachedAnswer> lookupStale(Name name, int type, int dclass, long replyTtl) {
        long now = ticker.read();
        return answering(name, type, dclass, Trust.NON_AUTHORITATIVE_ANSWER,
                entry -> entry.expiredAt(now) && !(entry.answer() instanceof CachedAnswer.ServFail))
                .map(entry -> entry.withTtl(replyTtl));
    }

    /**
     * Claims the prefetch of the live entry that answers the question, when it is in the last tenth of its
     * lifetime: true for one caller per stored entry, so one hit starts one refresh, and the refreshed data (a new
     * entry) may be prefetched again in its own last tenth.
     */
    public boolean claimPrefetch(Name name, int type, int dclass) {
        long now = ticker.read();
        Optional<CacheEntry> entry = answering(name, type, dclass, Trust.NON_AUTHORITATIVE_ANSWER,
                candidate -> candidate.prefetchDueAt(now)
                        && !(candidate.answer() instanceof CachedAnswer.ServFail));
        if (entry.isEmpty()) {
            return false;
        }
        CacheKey key = entry.get().answer() instanceof CachedAnswer.NxDomain
                ? CacheKey.wholeName(name, dclass) : CacheKey.of(name, type, dclass);
        CacheEntry claimed = entry.get().withPrefetchClaimed();
        // Replace only the very entry seen: another caller's claim or a newer answer wins.
        return entries.asMap().replace(key, entry.get(), claimed);
    }

    /**
     * Whole seconds until the live entry answering the question enters the last tenth of its lifetime, where a hit
     * starts a prefetch; empty when no live entry answers. A reply made from it may be reused only that long, or
     * the hits that should start the prefetch would never reach the resolver.
     */
    public OptionalLong secondsBeforePrefetch(Name name, int type, int dclass) {
        long now = ticker.read();
        return answering(name, type, dclass, Trust.NON_AUTHORITATIVE_ANSWER, entry -> !entry.expiredAt(now))
                .map(entry -> OptionalLong.of(entry.secondsBeforePrefetch(now)))
                .orElse(OptionalLong.empty());
    }

    /**
     * The entry answering the question among those {@code wanted}: the NXDOMAIN for the whole name first, since it
     * is the newer statement (positive data of the same or higher trust removes it when stored), then the type's.
     */
    private Optional<CacheEntry> answering(Name name, int type, int dclass, Trust minimum,
            Predicate<CacheEntry> wanted) {
        CacheEntry wholeName = entries.getIfPresent(CacheKey.wholeName(name, dclass));
        if (wholeName != null && wanted.test(wholeName)) {
            return Optional.of(wholeName);
        }
        CacheEntry entry = entries.getIfPresent(CacheKey.of(name, type, dclass));
        if (entry == null || !entry.visibleAt(minimum) || !wanted.test(entry)) {
            return Optional.empty();
        }
        return Optional.of(entry);
    }

    /**
     * Caches an RRset with its TTL clamped to [minTtl, maxTtl]; a TTL of 0 after clamping means "use once, do not
     * cache" (RFC 1035 §3.2.1). Refused when something more trusted is cached for the same key.
     *
     * @return whether the RRset is now in the cache
     */
    public boolean putRRset(RRset rrset, Trust trust) {
        return putRRset(rrset, trust, List.of());
    }

    /**
     * As {@link #putRRset(RRset, Trust)}, for an RRset expanded from a wildcard: {@code proofs} (the NSEC/NSEC3
     * records and RRSIGs that came with it) are kept with it for a validator (RFC 4035 §5.3.4).
     */
    public boolean putRRset(RRset rrset, Trust trust, List<Record> proofs) {
        long ttl = Ttls.clamp(rrset.getTTL(), config.minTtl(), config.maxTtl());
        if (ttl == 0 || rrset.size() == 0) {
            return false;
        }
        long octets = HeapEstimate.wireLength(rrset);
        for (Record proof : proofs) {
            octets += HeapEstimate.wireLength(proof);
        }
        if (octets > MAX_RRSET_OCTETS) {
            return false;
        }
        CachedAnswer answer = new CachedAnswer.Positive(Ttls.withTtl(rrset, ttl), trust, Ttls.withTtl(proofs, ttl));
        long heapBytes = HeapEstimate.answer(rrset.size() + rrset.sigs().size() + proofs.size(), octets);
        boolean stored = store(CacheKey.of(rrset.getName(), rrset.getType(), rrset.getDClass()),
                new CacheEntry(answer, trust, ttl, ticker.read(), heapBytes));
        if (stored && trust.atLeast(NEGATIVE_TRUST)) {
            // The name exists after all: an older NXDOMAIN must not hide this data. Looked up first: a removal costs
            // a write (a locked hash bin and the cache's bookkeeping) for every RRset stored, and there rarely is one.
            CacheKey nxdomain = CacheKey.wholeName(rrset.getName(), rrset.getDClass());
            if (entries.asMap().containsKey(nxdomain)) {
                entries.invalidate(nxdomain);
            }
        }
        return stored;
    }

    /**
     * Caches "no such name" for every type of {@code name} (RFC 2308 §5). Only with the SOA of a zone that
     * encloses the name: without one there is no negative TTL, and the answer is not cached (RFC 2308 §5).
     */
    public boolean putNxDomain(Name name, int dclass, SOARecord soa) {
        return putNxDomain(name, dclass, soa, List.of());
    }

    /** As {@link #putNxDomain(Name, int, SOARecord)}, with the DNSSEC records that prove it (RFC 4035 §3.1.3). */
    public boolean putNxDomain(Name name, int dclass, SOARecord soa, List<Record> proofs) {
        return putNegative(CacheKey.wholeName(name, dclass), name, soa, proofs, CachedAnswer.NxDomain::new);
    }

    /** Caches "no data of this type" for {@code name} (RFC 2308 §5), on the same SOA condition as NXDOMAIN. */
    public boolean putNoData(Name name, int type, int dclass, SOARecord soa) {
        return putNoData(name, type, dclass, soa, List.of());
    }

    /** As {@link #putNoData(Name, int, int, SOARecord)}, with the DNSSEC records that prove it. */
    public boolean putNoData(Name name, int type, int dclass, SOARecord soa, List<Record> proofs) {
        return putNegative(CacheKey.of(name, type, dclass), name, soa, proofs, CachedAnswer.NoData::new);
    }

    /**
     * Remembers that resolving the question failed, for {@link AnswerCacheConfig#servFailTtl()} (RFC 9520 §3.2), so
     * clients retrying at once do not send another burst upstream. Never replaces real data.
     */
    public void putServFail(Name name, int type, int dclass) {
        long ttl = config.servFailTtl().toSeconds();
        if (ttl > 0) {
            CacheEntry failure = new CacheEntry(new CachedAnswer.ServFail(), Trust.ADDITIONAL, ttl, ticker.read(),
                    HeapEstimate.answer(0, 0));
            store(CacheKey.of(name, type, dclass), failure);
        }
    }

    /** Approximate number of entries (expired ones may linger until the next maintenance). */
    public long estimatedSize() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    /** Estimated heap bytes of the entries (expired ones may linger until the next maintenance). */
    public long estimatedBytes() {
        entries.cleanUp();
        return entries.policy().eviction().orElseThrow().weightedSize().orElseThrow();
    }

    public void clear() {
        entries.invalidateAll();
    }

    /**
     * One live entry as a client would see it now (TTLs counted down), for a dump that {@link #restore} reads back.
     *
     * @param type the type asked, or 0 for an NXDOMAIN, which holds for every type of the name
     */
    public record Snapshot(Name name, int type, int dclass, CachedAnswer answer, Trust trust) {}

    /** Every live entry but the short-lived SERVFAIL markers (a failure is not data worth keeping). */
    public void forEachEntry(Consumer<Snapshot> sink) {
        long now = ticker.read();
        entries.asMap().forEach((key, entry) -> {
            if (entry.deadlineNanos() > now && !(entry.answer() instanceof CachedAnswer.ServFail)) {
                sink.accept(new Snapshot(key.name(), key.type(), key.dclass(), entry.countedDown(now), entry.trust()));
            }
        });
    }

    /**
     * Stores a dumped entry again, through the same checks as data from upstream (TTL clamps, size and trust);
     * its TTLs are taken as they are, so the caller counts down the time since the dump.
     *
     * @return whether it is now cached
     */
    public boolean restore(Snapshot entry) {
        return switch (entry.answer()) {
            case CachedAnswer.Positive positive -> putRRset(positive.rrset(), entry.trust());
            case CachedAnswer.NxDomain nx -> putNxDomain(entry.name(), entry.dclass(), nx.soa(), nx.proofs());
            case CachedAnswer.NoData nodata -> putNoData(entry.name(), entry.type(), entry.dclass(), nodata.soa(),
                    nodata.proofs());
            case CachedAnswer.ServFail failure -> false;
        };
    }

    /** Removes every entry whose owner name {@code which} picks; returns how many. */
    public long removeIf(Predicate<Name> which) {
        return NamedRemoval.removeIf(entries, CacheKey::name, which);
    }

    private boolean putNegative(CacheKey key, Name name, SOARecord soa, List<Record> proofs,
            BiFunction<SOARecord, List<Record>, CachedAnswer> kind) {
        if (soa == null || !name.subdomain(soa.getName())) {
            return false;
        }
        // RFC 2308 §5: the negative TTL is the smaller of the SOA's own TTL and its MINIMUM field.
        long ttl = Math.min(Math.min(soa.getTTL(), soa.getMinimum()), config.maxNegativeTtl().toSeconds());
        if (ttl <= 0) {
            return false;
        }
        SOARecord authority = (SOARecord) Ttls.withTtl(soa, ttl);
        List<Record> proofsAsCached = Ttls.withTtl(proofs, ttl);
        long octets = HeapEstimate.wireLength(authority);
        for (Record proof : proofsAsCached) {
            octets += HeapEstimate.wireLength(proof);
        }
        if (octets > MAX_RRSET_OCTETS) {
            return false;
        }
        long heapBytes = HeapEstimate.answer(1 + proofsAsCached.size(), octets);
        return store(key, new CacheEntry(kind.apply(authority, proofsAsCached), NEGATIVE_TRUST, ttl, ticker.read(),
                heapBytes));
    }

    /** Stores unless a live entry for the key is more trusted (RFC 2181 §5.4.1). */
    private boolean store(CacheKey key, CacheEntry incoming) {
        // Most stores are of names not cached yet: an insert-if-absent is cheaper than a compute, which locks.
        if (entries.asMap().putIfAbsent(key, incoming) == null) {
            return true;
        }
        long now = ticker.read();
        CacheEntry result = entries.asMap().compute(key,
                (k, existing) -> existing == null || incoming.mayReplace(existing, now) ? incoming : existing);
        return result == incoming;
    }
}
