package dev.jdns.transport;

import java.util.function.Supplier;

/**
 * Which {@link UdpServerSocketProvider}s a server's listeners use ({@link Plan}): with
 * {@link ServerOptions#batchUdpFromStart()} the first usable one on the class path (on Linux, the transport-linux
 * module's, which batches datagrams) from the start; otherwise the JDK's, joined by that one once a listener is busy.
 * The system property {@value #PROPERTY} forces one provider by name for every server, from the start ({@code jdk}: a
 * comparison, or a way round a provider that misbehaves somewhere).
 */
final class UdpServerSocketProviders {

    static final String PROPERTY = "jdns.listen.sockets";

    static final UdpServerSocketProvider JDK = new JdkUdpServerSockets();
    private static final String FORCED = System.getProperty(PROPERTY, "");

    /**
     * The providers of a server's listen sockets.
     *
     * @param initial   what binds the sockets at start
     * @param onceBusy  what binds the sockets that join the same address once {@code busyAfter} datagrams have come
     *                  (chosen then, so that an idle server never loads it); null: none join
     */
    record Plan(UdpServerSocketProvider initial, Supplier<UdpServerSocketProvider> onceBusy, long busyAfter) {}

    private UdpServerSocketProviders() {}

    /** The batching provider, chosen at its first use. */
    private static final class Chosen {
        static final UdpServerSocketProvider PROVIDER = choose(FORCED, UdpServerSocketProviders.class.getClassLoader());
    }

    static Plan plan(ServerOptions options) {
        if (options.batchUdpFromStart() || !FORCED.isEmpty()) {
            return new Plan(Chosen.PROVIDER, null, 0);
        }
        return new Plan(JDK, () -> Chosen.PROVIDER, SocketProviders.BUSY_AFTER);
    }

    static UdpServerSocketProvider choose(String wanted, ClassLoader loader) {
        return SocketProviders.choose(UdpServerSocketProvider.class, wanted, JDK, loader, PROPERTY);
    }
}
