package dev.jdns.transport.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/**
 * This module's tests force the Linux sockets for every client (the build sets {@code jdns.upstream.sockets=linux}),
 * so the inherited client tests beside this one run on them and not, silently, on the JDK's.
 */
class LinuxSocketsChosenTest {

    @Test
    void everyClientHereUsesTheLinuxSockets() {
        assertEquals("linux", new QuerySockets(new RandomShorts(new SecureRandom()), false).providerName());
        assertEquals("linux", new QuerySockets(new RandomShorts(new SecureRandom()), true).providerName());
    }
}
