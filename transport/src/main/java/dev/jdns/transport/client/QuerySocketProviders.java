package dev.jdns.transport.client;

import dev.jdns.transport.SocketProviders;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which {@link QuerySocketProvider} a client's exchanges use. A short-lived client (a dig, a health check) uses the
 * JDK's sockets, ready at once. A long-running one (the resolver) uses the JDK's too until it has opened
 * {@value #PREPARE_AFTER} sockets, then has the fastest provider usable here prepared on a thread of its own, and uses
 * it from then on. A provider on the foreign function API costs hundreds of milliseconds to link, runs slowly until
 * the JIT has compiled it and keeps a few MiB more resident: a one-shot command, a resolver's first seconds and an idle
 * resolver would pay for it and gain nothing. The system property {@value #PROPERTY} forces one provider by name for
 * every client from the first exchange ({@code jdk}: a comparison, or a way round a provider that misbehaves
 * somewhere; another name: a test of that provider).
 */
final class QuerySocketProviders {

    private static final Logger LOG = System.getLogger(QuerySocketProviders.class.getName());

    static final String PROPERTY = "jdns.upstream.sockets";

    private static final QuerySocketProvider JDK = new JdkQuerySockets();
    private static final String FORCED = System.getProperty(PROPERTY, "");
    /** Sockets a long-running client opens on the JDK's before the fastest provider is prepared. */
    static final int PREPARE_AFTER = SocketProviders.BUSY_AFTER;
    private static final AtomicLong OPENED_BEFORE_READY = new AtomicLong();
    /** The long-running clients' provider once prepared; null until then. */
    private static volatile QuerySocketProvider fastest;

    private QuerySocketProviders() {}

    /** A forced provider, chosen at its first use. */
    private static final class Forced {
        static final QuerySocketProvider PROVIDER = choose(FORCED, QuerySocketProviders.class.getClassLoader());
    }

    /** For a short-lived client. */
    static QuerySocketProvider portable() {
        return FORCED.isEmpty() ? JDK : Forced.PROVIDER;
    }

    /** For each socket a long-running client opens: the fastest once prepared, the JDK's until then. */
    static QuerySocketProvider fastestReady() {
        if (!FORCED.isEmpty()) {
            return Forced.PROVIDER;
        }
        QuerySocketProvider ready = fastest;
        if (ready != null) {
            return ready;
        }
        if (OPENED_BEFORE_READY.incrementAndGet() == PREPARE_AFTER) {
            startPreparing();
        }
        return JDK;
    }

    /** Chooses and prepares the fastest provider on a thread of its own: called once, by the threshold's socket. */
    private static void startPreparing() {
        Thread.ofPlatform().daemon().name("jdns-upstream-sockets-setup").start(() -> {
            fastest = chooseAndPrepare(QuerySocketProviders.class.getClassLoader());
            LOG.log(Level.DEBUG, "upstream UDP sockets from now on: {0}", fastest.name());
        });
    }

    /**
     * The first usable provider, prepared. A preparation that fails costs only its purpose (the first queries on it
     * run before the JIT has compiled it): the provider said it is usable, and is used.
     */
    static QuerySocketProvider chooseAndPrepare(ClassLoader loader) {
        QuerySocketProvider chosen = choose("", loader);
        try {
            chosen.prepare();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "preparing the {0} sockets failed: {1}", chosen.name(), e.toString());
        }
        return chosen;
    }

    /** The provider named {@code wanted}, or the first usable one when it is empty (see {@link SocketProviders}). */
    static QuerySocketProvider choose(String wanted, ClassLoader loader) {
        return SocketProviders.choose(QuerySocketProvider.class, wanted, JDK, loader, PROPERTY);
    }
}
