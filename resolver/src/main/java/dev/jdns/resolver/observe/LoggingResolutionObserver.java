package dev.jdns.resolver.observe;

import dev.jdns.resolver.core.ResolutionEvent;
import dev.jdns.resolver.core.ResolutionObserver;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Writes every step to {@link System.Logger} at DEBUG (upstream failures at DEBUG too: a dead server is normal on
 * the internet). Checks the level first, so a disabled log costs one call per event.
 */
public final class LoggingResolutionObserver implements ResolutionObserver {

    private static final Logger LOG = System.getLogger("dev.jdns.resolver.trace");

    @Override
    public void on(ResolutionEvent event) {
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, String.valueOf(event));
        }
    }
}
