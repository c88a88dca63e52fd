package dev.jdns.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/**
 * This module's tests bind every server's UDP sockets on the Linux provider (the build sets
 * {@code jdns.listen.sockets=linux}, and it is also the default where usable), so the inherited server tests beside
 * this one run on it and not, silently, on the JDK's.
 */
class LinuxListenSocketsChosenTest {

    @Test
    void everyServerHereListensOnTheLinuxSockets() {
        assertEquals("linux", UdpServerSocketProviders.plan(ServerOptions.defaults()).initial().name());
        UdpServerSocketProviders.Plan resolver = UdpServerSocketProviders.plan(ServerOptions.defaultsForBlockingHandler());
        assertEquals("linux", resolver.initial().name(), "forced for the resolver's options too");
        assertNull(resolver.onceBusy(), "and from the start");
        assertEquals("linux", UdpServerSocketProviders.choose("", getClass().getClassLoader()).name(),
                "the default where it is usable");
    }
}
