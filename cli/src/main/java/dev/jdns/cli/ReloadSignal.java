package dev.jdns.cli;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import sun.misc.Signal;

/**
 * SIGHUP as "reload your configuration", the Unix convention every nameserver follows. {@code sun.misc.Signal}
 * (module jdk.unsupported) is the only way the JDK offers to catch it.
 */
final class ReloadSignal {

    private static final Logger LOG = System.getLogger(ReloadSignal.class.getName());

    private ReloadSignal() {}

    /** Runs {@code reload} on every SIGHUP; where the platform has no SIGHUP, does nothing. */
    static void onHangup(Runnable reload) {
        try {
            Signal.handle(new Signal("HUP"), signal -> {
                LOG.log(Level.INFO, "SIGHUP: reloading");
                reload.run();
            });
        } catch (IllegalArgumentException unsupported) {
            LOG.log(Level.DEBUG, "no SIGHUP on this platform; reload by editing the files");
        }
    }
}
