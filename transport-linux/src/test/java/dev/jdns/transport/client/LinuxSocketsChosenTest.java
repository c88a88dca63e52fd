package dev.jdns.transport.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * On this module's class path (Linux, native access enabled by the build) the Linux sockets are the ones chosen, so
 * the inherited client tests beside this one run on them and not, silently, on the JDK's.
 */
class LinuxSocketsChosenTest {

    @Test
    void theLinuxProviderIsChosen() {
        assertEquals("linux", QuerySocketProviders.chosen().name());
        assertEquals("linux", new QuerySockets(new RandomShorts(new java.security.SecureRandom())).providerName());
    }
}
