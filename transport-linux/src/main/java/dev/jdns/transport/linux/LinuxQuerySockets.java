package dev.jdns.transport.linux;

import dev.jdns.transport.client.QuerySocket;
import dev.jdns.transport.client.QuerySocketProvider;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;

/**
 * Query sockets on Linux system calls ({@link LinuxQuerySocket}), found by {@link java.util.ServiceLoader}. Usable on
 * Linux on x86-64 or AArch64, when the JVM lets this code call native functions (the jar's manifest says
 * {@code Enable-Native-Access: ALL-UNNAMED}; without it the JVM would warn on every start, so the JDK's sockets are
 * used instead) and the C library has what it needs.
 */
public final class LinuxQuerySockets implements QuerySocketProvider {

    private static final Logger LOG = System.getLogger(LinuxQuerySockets.class.getName());

    /** The JVM's one poller, started with the first socket. */
    private static final class Poller {
        static final ReadinessPoller INSTANCE = startPoller();

        private static ReadinessPoller startPoller() {
            try {
                return ReadinessPoller.start();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public String name() {
        return "linux";
    }

    @Override
    public boolean usable() {
        String arch = System.getProperty("os.arch", "");
        if (!System.getProperty("os.name", "").equals("Linux")
                || !(arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"))) {
            return false;
        }
        if (!LinuxQuerySockets.class.getModule().isNativeAccessEnabled()) {
            LOG.log(Level.DEBUG, "native access not enabled for jdns: using the JDK''s sockets");
            return false;
        }
        try {
            open(StandardProtocolFamily.INET).close();
            return true;
        } catch (IOException | RuntimeException | LinkageError e) {
            LOG.log(Level.DEBUG, "Linux query sockets not usable here: {0}", e.toString());
            return false;
        }
    }

    @Override
    public QuerySocket open(ProtocolFamily family) throws IOException {
        return LinuxQuerySocket.open(Poller.INSTANCE, family == StandardProtocolFamily.INET6 ? Libc.AF_INET6 : Libc.AF_INET);
    }
}
