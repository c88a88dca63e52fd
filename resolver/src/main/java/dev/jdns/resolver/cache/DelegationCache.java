package dev.jdns.resolver.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.xbill.DNS.Name;

/**
 * Zone cuts the resolver has learned: zone -> NS names and their known addresses, for the NS set's TTL. Iteration
 * starts at the closest enclosing cut known here, so the second query under {@code com.} goes straight to the
 * {@code com.} servers. Bounded in estimated heap bytes ({@link HeapEstimate}); an NS set of more than
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
    private final Cache<Name, Entry> zones;

    /** The stored form: {@link Delegation} plus when it was stored, for expiry and countdown. */
    private record Entry(Delegation delegation, long storedAtNanos) {
        long deadlineNanos() {
            return storedAtNanos + Ttls.toNanos(delegation.ttlSeconds());
        }
    }

    /** @param maxBytes bound on the estimated heap bytes of the cached cuts */
    public DelegationCache(long maxBytes, Duration maxTtl, Ticker ticker) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.maxTtl = Objects.requireNonNull(maxTtl, "maxTtl");
        this.zones = Caffeine.newBuilder()
                .ticker(ticker)
                .executor(Runnable::run)
                .maximumWeight(maxBytes)
                .weigher((Name zone, Entry entry) -> HeapEstimate.weight(
                        HeapEstimate.delegation(entry.delegation().servers())))
                .expireAfter(new ExpiresAt<Name, Entry>(Entry::deadlineNanos))
                .build();
    }

    public DelegationCache() {
        this(CacheSizes.DEFAULT.delegationBytes(), AnswerCacheConfig.DEFAULT_MAX_TTL, Ticker.systemTicker());
    }

    /**
     * Records the servers of {@code zone} for {@code ttlSeconds} (capped at the maximum TTL). Refused when a more
     * trusted NS set is cached (RFC 2181 §5.4.1: the child's apex NS set outranks the parent's referral). Addresses
     * already learned for an NS name that is still listed are kept when the new data has none for it. Not cached
     * when it lists more than {@link #MAX_NAME_SERVERS} names.
     *
     * @return whether the delegation is now cached
     */
    public boolean put(Name zone, List<NameServer> servers, long ttlSeconds, Trust trust) {
        long ttl = Math.min(ttlSeconds, maxTtl.toSeconds());
        if (ttl <= 0 || servers.isEmpty() || servers.size() > MAX_NAME_SERVERS) {
            return false;
        }
        Entry incoming = new Entry(new Delegation(zone, servers, trust, ttl), ticker.read());
        boolean[] stored = {false};
        zones.asMap().compute(zone.canonicalize(), (key, existing) -> {
            stored[0] = existing == null || trust.atLeast(existing.delegation().trust());
            if (!stored[0]) {
                return existing;
            }
            return existing == null ? incoming : keepKnownAddresses(incoming, existing);
        });
        return stored[0];
    }

    /**
     * Adds addresses found for {@code nsName} by a separate lookup (glueless delegation) to the cached cut, without
     * extending its lifetime.
     *
     * @return false when the cut is not cached (any more) or does not list {@code nsName}
     */
    public boolean addAddresses(Name zone, Name nsName, List<InetAddress> addresses) {
        Entry updated = zones.asMap().computeIfPresent(zone.canonicalize(), (key, entry) -> {
            if (entry.delegation().servers().stream().noneMatch(server -> server.name().equals(nsName))) {
                return entry;
            }
            return withServers(entry, mergeAddresses(entry.delegation().servers(), nsName, addresses));
        });
        return updated != null && updated.delegation().servers().stream()
                .anyMatch(server -> server.name().equals(nsName) && server.addresses().containsAll(addresses));
    }

    /** The cut for exactly {@code zone}, TTL counted down. */
    public Optional<Delegation> get(Name zone) {
        Entry entry = zones.getIfPresent(zone.canonicalize());
        return entry == null ? Optional.empty() : Optional.of(countedDown(entry, ticker.read()));
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

    private static Delegation countedDown(Entry entry, long now) {
        Delegation stored = entry.delegation();
        long remaining = Ttls.remaining(stored.ttlSeconds(), now - entry.storedAtNanos());
        return new Delegation(stored.zone(), stored.servers(), stored.trust(), remaining);
    }

    private static Entry keepKnownAddresses(Entry incoming, Entry existing) {
        Map<Name, NameServer> known = existing.delegation().servers().stream()
                .collect(Collectors.toMap(NameServer::name, Function.identity(), (a, b) -> a));
        List<NameServer> merged = incoming.delegation().servers().stream()
                .map(server -> server.hasAddresses() || !known.containsKey(server.name())
                        ? server
                        : known.get(server.name()))
                .toList();
        return withServers(incoming, merged);
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

    private static Entry withServers(Entry entry, List<NameServer> servers) {
        Delegation d = entry.delegation();
        return new Entry(new Delegation(d.zone(), servers, d.trust(), d.ttlSeconds()), entry.storedAtNanos());
    }
}
