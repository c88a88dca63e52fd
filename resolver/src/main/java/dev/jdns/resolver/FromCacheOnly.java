package dev.jdns.resolver;

import dev.jdns.resolver.core.ResolutionEvent;
import dev.jdns.resolver.core.ResolutionObserver;
import org.xbill.DNS.Rcode;

/**
 * Watches one resolution to tell whether its reply is nothing but cached data, so the front end may keep the encoded
 * reply and count its TTLs down like the cache would: an answer or NXDOMAIN found in the cache for the question
 * itself. Not for hosts file answers (their TTL is fixed, not counting down), alias chains (each link has its own
 * lifetime in the cache, and a chain restarts at the hosts file), anything that went upstream or waited for another
 * resolution, or failures. One instance per resolution; the events of one resolution come from one thread.
 */
final class FromCacheOnly implements ResolutionObserver {

    private boolean cacheHit;
    private boolean anythingElse;

    @Override
    public void on(ResolutionEvent event) {
        switch (event) {
            case ResolutionEvent.CacheHit hit -> cacheHit = true;
            case ResolutionEvent.Outcome outcome -> { }
            default -> anythingElse = true;
        }
    }

    /** Whether a reply with {@code rcode} from this resolution may be reused with counting-down TTLs. */
    boolean reusable(int rcode) {
        return cacheHit && !anythingElse && (rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN);
    }
}
