package dev.jdns.resolver.core;

/**
 * Receives every step of a resolution (as Netty's {@code DnsQueryLifecycleObserver}): logs and the CLI's
 * trace are printers of these events, not a second implementation of the resolver. Implementations must be fast and
 * thread-safe: they run on the resolving threads.
 */
@FunctionalInterface
public interface ResolutionObserver {

    /** Ignores everything: the default, so unobserved resolutions cost nothing. */
    ResolutionObserver NONE = event -> {};

    void on(ResolutionEvent event);

    /** Both this observer and {@code other}, in that order. */
    default ResolutionObserver and(ResolutionObserver other) {
        if (this == NONE) {
            return other;
        }
        if (other == NONE) {
            return this;
        }
        return event -> {
            on(event);
            other.on(event);
        };
    }
}
