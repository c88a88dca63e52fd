package dev.jdns.transport;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** Finds socket providers on the class path: the one place that decides which implementation runs. */
public final class SocketProviders {

    private static final Logger LOG = System.getLogger(SocketProviders.class.getName());

    /** The name of the JDK's providers, the portable ones, for query and listen sockets alike. */
    public static final String JDK = "jdk";

    /**
     * When a process is busy enough for a faster provider to pay back what it costs to load (the foreign function
     * runtime: link time, interpreted calls, about 4 MiB resident): after this many upstream sockets opened, or
     * datagrams taken on a listen address. An idle or short-lived process never gets there.
     */
    public static final int BUSY_AFTER = 10_000;

    private SocketProviders() {}

    /**
     * The provider named {@code wanted}, or the first usable one on the class path when it is empty; {@code portable}
     * when there is none. A provider that cannot even be loaded (one compiled for a newer JDK than this one) is passed
     * over like one that is not usable.
     *
     * @param property the system property {@code wanted} came from, for the warning when it names nothing usable
     */
    public static <P extends SocketProvider> P choose(Class<P> type, String wanted, P portable, ClassLoader loader,
            String property) {
        if (wanted.equals(portable.name())) {
            return portable;
        }
        Iterator<P> found = ServiceLoader.load(type, loader).iterator();
        while (true) {
            P provider;
            try {
                if (!found.hasNext()) {
                    break;
                }
                provider = found.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                LOG.log(Level.DEBUG, "{0} not loadable here: {1}", type.getSimpleName(), e.toString());
                continue;
            }
            if ((wanted.isEmpty() || wanted.equals(provider.name())) && provider.usable()) {
                return provider;
            }
        }
        if (!wanted.isEmpty()) {
            LOG.log(Level.WARNING, "{0}={1}: no such usable provider, using the JDK''s sockets", property, wanted);
        }
        return portable;
    }
}
