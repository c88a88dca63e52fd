package dev.jdns.transport.linux;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/** Whether this module's system calls can run in this JVM: the first half of each provider's {@code usable()}. */
final class NativeAccess {

    private static final Logger LOG = System.getLogger(NativeAccess.class.getName());

    /** The name of this module's providers, query and listen sockets alike ({@code jdns.*.sockets=linux}). */
    static final String PROVIDER_NAME = "linux";

    private NativeAccess() {}

    /** A socket made and closed to see that it works: the second half of {@code usable()}. */
    @FunctionalInterface
    interface Probe {
        void run() throws IOException;
    }

    /**
     * Whether {@link #allowed()} and {@code probe} succeeds (it links and calls the functions the provider needs);
     * a failure is logged, for someone wondering why the JDK's sockets run.
     */
    static boolean usable(String what, Probe probe) {
        if (!allowed()) {
            return false;
        }
        try {
            probe.run();
            return true;
        } catch (IOException | RuntimeException | LinkageError e) {
            LOG.log(Level.DEBUG, "Linux {0} not usable here: {1}", what, e.toString());
            return false;
        }
    }

    /**
     * Linux on x86-64 or AArch64 (the layouts and constants of {@link Libc} are theirs), with native access enabled
     * for this code (the jar's manifest says {@code Enable-Native-Access: ALL-UNNAMED}; without it the JVM would warn
     * on every start, so the JDK's sockets are used instead).
     */
    static boolean allowed() {
        String arch = System.getProperty("os.arch", "");
        if (!System.getProperty("os.name", "").equals("Linux")
                || !(arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"))) {
            return false;
        }
        if (!NativeAccess.class.getModule().isNativeAccessEnabled()) {
            LOG.log(Level.DEBUG, "native access not enabled for jdns: using the JDK''s sockets");
            return false;
        }
        return true;
    }
}
