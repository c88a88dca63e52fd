package dev.jdns.resolver.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.xbill.DNS.Name;

/**
 * Zone cuts the resolver has learned: zone -> NS names and their known addresses, for the NS set's TTL. Iteration
 * starts at the closest enclosing cut known here, so the second query under {@code com.} goes straight to the
 * {@code com.} servers. Each cut keeps the parent's referral and, once learnt, the child's own NS set
 * ({@link StoredCut}): iteration asks the child's set, and falls back to the parent's set and glue when all the
 * child's servers fail, as Unbound does. Bounded in estimated heap bytes ({@link HeapEstimate}); an NS set of more than
 * {@link #MAX_NAME_SERVERS} names is used for the resolution at hand but not kept. Thread-safe; the clock is the
 * injected {@link Ticker}.
 */
public final class DelegationCache {

    /**
     * Delegations listing more NS names than this are not cached. Real zones list 2 to 13; BIND looks up addresses
     * for at most 20 NS names of a set (NS_PROCESSING_LIMIT, CVE-2022-2795) and Unbound scrubs NS sets to 20 records
     * ({@code iter-scrub-ns}); a larger set is an attacker's, and caching it would keep its cost.
     */
    public static final int MAX_NAME_SERVERS = 20;

    private final Ticker ticker;
    private final Duration maxTtl;
    private final Cache<Name, StoredCut> zones;

    /** @param maxBytes bound on the estimated heap bytes of the cached cuts */
    public DelegationCache(long maxBytes, Duration maxTtl, Ticker ticker) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.maxTtl = Objects.requireNonNull(maxTtl, "maxTtl");
        this.zones = Caffeine.newBuilder()
                .ticker(ticker)
                .executor(Runnable::run)
                .maximumWeight(maxBytes)
                .weigher((Name zone, StoredCut cut) -> HeapEstimate.weight(cut.estimatedBytes()))
                .expireAfter(new ExpiresAt<Name, StoredCut>(StoredCut::deadlineNanos))
                .build();
    }

    public DelegationCache() {
        this(CacheSizes.DEFAULT.delegationBytes(), AnswerCacheConfig.DEFAULT_MAX_TTL, Ticker.systemTicker());
    }

    /**
     * Records the servers of {@code zone} for {@code ttlSeconds} (capped at the maximum TTL). With
     * {@link Trust#REFERRAL} they are the parent's side of the cut, which alone sets how long the cut is kept; a
     * more trusted set is the child's own apex NS set (RFC 2181 §5.4.1), asked instead of the parent's while it
     * lasts, kept only where the parent's side is cached, only when it names other servers, and never beyond the
     * parent's TTL ({@link StoredCut}). Addresses already learned for an NS name that is still listed are kept when
     * the new data has none for it. Not cached when it lists more than {@link #MAX_NAME_SERVERS} names.
     *
     * @return whether the delegation is now cached
     */
    public boolean put(Name zone, List<NameServer> servers, long ttlSeconds, Trust trust) {
        long ttl = Math.min(ttlSeconds, maxTtl.toSeconds());
        if (ttl <= 0 || servers.isEmpty() || servers.size() > MAX_NAME_SERVERS) {
            return false;
        }
        Delegation incoming = new Delegation(zone, servers, trust, ttl);
        long now = ticker.read();
        boolean childSide = trust.atLeast(Trust.AUTHORITATIVE_AUTHORITY);
        boolean[] stored = {false};
        zones.asMap().compute(zone.canonicalize(), (key, existing) -> {
            if (existing == null) {
                stored[0] = !childSide;
                return childSide ? null : StoredCut.fromReferral(incoming, now);
            }
            Delegation merged = keepKnownAddresses(incoming, existing);
            if (!childSide) {
                stored[0] = true;
                return existing.withParentSide(merged, now);
            }
            stored[0] = !sameNames(merged, existing.parentSide());
            return stored[0] ? existing.withChildSide(merged, now) : existing.withoutChildSide();
        });
        return stored[0];
    }

    private static boolean sameNames(Delegation a, Delegation b) {
        return Set.copyOf(names(a)).equals(Set.copyOf(names(b)));
    }

    private static List<Name> names(Delegation delegation) {
        return delegation.servers().stream().map(NameServer::name).toList();
    }

    /**
     * Adds addresses found for {@code nsName} by a separate lookup (glueless delegation) to the cached cut, without
     * extending its lifetime.
     *
     * @return false when the cut is not cached (any more) or does not list {@code nsName}
     */
    public boolean addAddresses(Name zone, Name nsName, List<InetAddress> addresses) {
        StoredCut updated = zones.asMap().computeIfPresent(zone.canonicalize(),
                (key, cut) -> cut.withServers(servers -> mergeAddresses(servers, nsName, addresses)));
        return updated != null && Stream.of(updated.parentSide(), updated.childSide())
                .filter(Objects::nonNull)
                .flatMap(side -> side.servers().stream())
                .anyMatch(server -> server.name().equals(nsName) && server.addresses().containsAll(addresses));
    }

    /** The cut for exactly {@code zone}, TTL counted down: the child's NS set while it lasts, else the parent's. */
    public Optional<Delegation> get(Name zone) {
        StoredCut cut = zones.getIfPresent(zone.canonicalize());
        return cut == null ? Optional.empty() : Optional.of(cut.preferred(ticker.read()));
    }

    /**
     * The parent's side of the cut for exactly {@code zone} (its referral and glue), TTL counted down: where to
     * fall back when every server of the child's own NS set fails.
     */
    public Optional<Delegation> parentSide(Name zone) {
        StoredCut cut = zones.getIfPresent(zone.canonicalize());
        return cut == null ? Optional.empty() : Optional.of(cut.parentSide(ticker.read()));
    }

    /**
     * The deepest cached cut at or above {@code name}: {@code name} itself, then its parent, and so on up to the
     * root (RFC 1034 §5.3.3 step 2, "find the best servers to ask").
     */
    public Optional<Delegation> closestEnclosing(Name name) {
        for (int stripped = 0; stripped < name.labels(); stripped++) {
            Name candidate = stripped == 0 ? name : new Name(name, stripped);
            Optional<Delegation> found = get(candidate);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** Removes every cut whose zone {@code which} picks; returns how many. */
    public long removeIf(Predicate<Name> which) {
        return NamedRemoval.removeIf(zones, Function.identity(), which);
    }

    public long estimatedSize() {
        zones.cleanUp();
        return zones.estimatedSize();
    }

    /** Estimated heap bytes of the cached cuts. */
    public long estimatedBytes() {
        zones.cleanUp();
        return zones.policy().eviction().orElseThrow().weightedSize().orElseThrow();
    }

    /** {@code incoming} with the addresses either side of the cut knows for NS names that came without any. */
    private static Delegation keepKnownAddresses(Delegation incoming, StoredCut existing) {
        Map<Name, NameServer> known = new HashMap<>();
        Stream.of(existing.childSide(), existing.parentSide()).filter(Objects::nonNull)
                .flatMap(side -> side.servers().stream())
                .filter(NameServer::hasAddresses)
                .forEach(server -> known.putIfAbsent(server.name(), server));
        List<NameServer> merged = incoming.servers().stream()
                .map(server -> server.hasAddresses() ? server : known.getOrDefault(server.name(), server))
                .toList();
        return new Delegation(incoming.zone(), merged, incoming.trust(), incoming.ttlSeconds());
    }

    private static List<NameServer> mergeAddresses(List<NameServer> servers, Name nsName, List<InetAddress> added) {
        List<NameServer> merged = new ArrayList<>(servers.size());
        for (NameServer server : servers) {
            if (server.name().equals(nsName)) {
                LinkedHashSet<InetAddress> addresses = new LinkedHashSet<>(server.addresses());
                addresses.addAll(added);
                merged.add(new NameServer(server.name(), List.copyOf(addresses)));
            } else {
                merged.add(server);
            }
        }
        return merged;
    }
}
