package dev.jdns.transport;

import java.io.IOException;
import java.net.InetSocketAddress;

/** Listen-socket providers made for a test: a name and what binding does (fail, or bind the JDK's, or wrap them). */
public final class TestListenProviders {

    /** What {@link UdpServerSocketProvider#bind} does for the provider. */
    @FunctionalInterface
    public interface Binding {
        UdpServerSocket bind(InetSocketAddress address, boolean sharePort, int receiveBufferBytes) throws IOException;
    }

    private TestListenProviders() {}

    /** A usable provider named {@code name} that binds with {@code binding} and cannot steer. */
    public static UdpServerSocketProvider named(String name, Binding binding) {
        return new UdpServerSocketProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean usable() {
                return true;
            }

            @Override
            public UdpServerSocket bind(InetSocketAddress address, boolean sharePort, int receiveBufferBytes)
                    throws IOException {
                return binding.bind(address, sharePort, receiveBufferBytes);
            }
        };
    }

    /** The JDK's sockets, under another name (so that they count as a provider that joins). */
    public static Binding jdk() {
        return UdpServerSocketProviders.JDK::bind;
    }
}
