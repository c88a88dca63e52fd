package dev.jdns.resolver.cache;

import com.github.benmanes.caffeine.cache.Expiry;
import java.util.function.ToLongFunction;

/**
 * A Caffeine {@link Expiry} for values that carry their own deadline in ticker nanoseconds. Because the deadline
 * belongs to the value, an update that keeps (or copies) an entry keeps its deadline, and a read never extends it.
 */
final class ExpiresAt<K, V> implements Expiry<K, V> {

    private final ToLongFunction<V> deadlineNanos;

    ExpiresAt(ToLongFunction<V> deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    @Override
    public long expireAfterCreate(K key, V value, long currentTime) {
        return Math.max(0, deadlineNanos.applyAsLong(value) - currentTime);
    }

    @Override
    public long expireAfterUpdate(K key, V value, long currentTime, long currentDuration) {
        return Math.max(0, deadlineNanos.applyAsLong(value) - currentTime);
    }

    @Override
    public long expireAfterRead(K key, V value, long currentTime, long currentDuration) {
        return currentDuration;
    }
}
