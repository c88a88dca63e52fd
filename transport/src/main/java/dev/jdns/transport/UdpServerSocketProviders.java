package dev.jdns.transport;

/**
 * Which {@link UdpServerSocketProvider} binds the listen sockets: the first usable one on the class path (on Linux,
 * the transport-linux module's), else the JDK's. The system property {@value #PROPERTY} forces one by name
 * ({@code jdk}: a comparison, or a way round a provider that misbehaves somewhere).
 */
final class UdpServerSocketProviders {

    static final String PROPERTY = "jdns.listen.sockets";

    private static final UdpServerSocketProvider JDK = new JdkUdpServerSockets();

    private UdpServerSocketProviders() {}

    /** Chosen once, at the first listen address bound. */
    private static final class Chosen {
        static final UdpServerSocketProvider PROVIDER = choose(System.getProperty(PROPERTY, ""),
                UdpServerSocketProviders.class.getClassLoader());
    }

    static UdpServerSocketProvider chosen() {
        return Chosen.PROVIDER;
    }

    static UdpServerSocketProvider choose(String wanted, ClassLoader loader) {
        return SocketProviders.choose(UdpServerSocketProvider.class, wanted, JDK, loader, PROPERTY);
    }
}
