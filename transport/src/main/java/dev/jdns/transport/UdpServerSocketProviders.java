package dev.jdns.transport;

/**
 * Which {@link UdpServerSocketProvider} binds a server's listen sockets: with {@link ServerOptions#batchedUdpSockets()}
 * the first usable one on the class path (on Linux, the transport-linux module's), else the JDK's. The system property
 * {@value #PROPERTY} forces one by name for every server ({@code jdk}: a comparison, or a way round a provider that
 * misbehaves somewhere).
 */
final class UdpServerSocketProviders {

    static final String PROPERTY = "jdns.listen.sockets";

    private static final UdpServerSocketProvider JDK = new JdkUdpServerSockets();

    private UdpServerSocketProviders() {}

    private static final String FORCED = System.getProperty(PROPERTY, "");

    /** The batching provider, chosen at the first server that asks for it. */
    private static final class Chosen {
        static final UdpServerSocketProvider PROVIDER = choose(FORCED, UdpServerSocketProviders.class.getClassLoader());
    }

    static UdpServerSocketProvider chosen(ServerOptions options) {
        return options.batchedUdpSockets() || !FORCED.isEmpty() ? Chosen.PROVIDER : JDK;
    }

    static UdpServerSocketProvider choose(String wanted, ClassLoader loader) {
        return SocketProviders.choose(UdpServerSocketProvider.class, wanted, JDK, loader, PROPERTY);
    }
}
