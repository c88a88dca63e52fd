package dev.jdns.resolver.cache;

import com.github.benmanes.caffeine.cache.Cache;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.xbill.DNS.Name;

/**
 * Removes the entries of a cache whose owner name a predicate picks: the operator's flush (one name, everything
 * under a zone, everything). A scan of the keys, fine for a command an operator types, never on the query path.
 */
final class NamedRemoval {

    private NamedRemoval() {}

    /** @return how many entries were removed */
    static <K> long removeIf(Cache<K, ?> cache, Function<K, Name> owner, Predicate<Name> which) {
        ConcurrentMap<K, ?> map = cache.asMap();
        long removed = 0;
        for (K key : map.keySet()) {
            if (which.test(owner.apply(key)) && map.remove(key) != null) {
                removed++;
            }
        }
        return removed;
    }
}
