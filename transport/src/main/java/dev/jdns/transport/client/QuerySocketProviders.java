package dev.jdns.transport.client;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Chooses the {@link QuerySocketProvider} of this JVM, once: the one named by the system property {@value #PROPERTY}
 * if set, else the first provider on the class path that is usable here, else the JDK's. A provider that cannot even
 * be loaded (one compiled for a newer JDK than this one) is passed over like one that is not usable.
 */
final class QuerySocketProviders {

    private static final Logger LOG = System.getLogger(QuerySocketProviders.class.getName());

    /** {@code jdk} forces the JDK's sockets: a comparison, or a way round a provider that misbehaves somewhere. */
    static final String PROPERTY = "jdns.upstream.sockets";

    private static final QuerySocketProvider CHOSEN = choose(System.getProperty(PROPERTY, ""),
            QuerySocketProviders.class.getClassLoader());

    private QuerySocketProviders() {}

    static QuerySocketProvider chosen() {
        return CHOSEN;
    }

    /** @param wanted a provider's name, or empty for the first usable one */
    static QuerySocketProvider choose(String wanted, ClassLoader loader) {
        JdkQuerySockets jdk = new JdkQuerySockets();
        if (wanted.equals(jdk.name())) {
            return jdk;
        }
        Iterator<QuerySocketProvider> found = ServiceLoader.load(QuerySocketProvider.class, loader).iterator();
        while (true) {
            QuerySocketProvider provider;
            try {
                if (!found.hasNext()) {
                    break;
                }
                provider = found.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                LOG.log(Level.DEBUG, "upstream socket provider not loadable here: {0}", e.toString());
                continue;
            }
            if ((wanted.isEmpty() || wanted.equals(provider.name())) && provider.usable()) {
                LOG.log(Level.DEBUG, "upstream UDP sockets: {0}", provider.name());
                return provider;
            }
        }
        if (!wanted.isEmpty()) {
            LOG.log(Level.WARNING, "{0}={1}: no such usable provider, using the JDK''s sockets", PROPERTY, wanted);
        }
        return jdk;
    }
}
