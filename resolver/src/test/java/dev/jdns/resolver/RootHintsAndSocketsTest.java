package dev.jdns.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.resolver.cache.NameServer;
import dev.jdns.resolver.core.RootHints;
import dev.jdns.resolver.core.UpstreamSockets;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/** Where iteration starts (root hints) and where its packets go (upstream sockets). */
class RootHintsAndSocketsTest {

    @TempDir
    Path dir;

    @Test
    void theEmbeddedHintsNameThirteenRootServersWithBothAddressFamilies() {
        RootHints hints = RootHints.embedded();

        assertEquals(13, hints.servers().size());
        assertEquals(Name.root, hints.rootDelegation().zone());
        NameServer a = hints.servers().get(0);
        assertEquals("A.ROOT-SERVERS.NET.", a.name().toString());
        assertEquals("198.41.0.4", a.addresses().get(0).getHostAddress());
        assertTrue(hints.servers().stream().allMatch(server -> server.addresses().size() == 2
                && server.addresses().stream().anyMatch(Inet6Address.class::isInstance)));
    }

    @Test
    void aHintsFileIsReadAndServersWithoutAddressesAreLeftOut() throws IOException {
        Path file = dir.resolve("hints");
        Files.writeString(file, """
                .                  3600000 NS a.root.test.
                .                  3600000 NS b.root.test.
                a.root.test.       3600000 A  192.0.2.1
                """);

        RootHints hints = RootHints.load(file);

        assertEquals(1, hints.servers().size());
        assertEquals(3600000, hints.rootDelegation().ttlSeconds());
    }

    @Test
    void aHintsFileWithoutUsableServersIsRejected() throws IOException {
        Path empty = dir.resolve("empty");
        Files.writeString(empty, "; nothing\n");
        Path broken = dir.resolve("broken");
        Files.writeString(broken, ". 3600000 NS\n");

        assertThrows(IOException.class, () -> RootHints.load(empty));
        assertThrows(IOException.class, () -> RootHints.load(broken));
    }

    @Test
    void everyErrorNamesTheHintsFileAndLine() throws IOException {
        Path garbled = dir.resolve("garbled.hints");
        Files.writeString(garbled, ". 3600000 NS a.root.\nline one here\n");
        Path chaos = dir.resolve("chaos.hints");
        Files.writeString(chaos, ". 3600000 CH NS a.root.\n");

        IOException syntax = assertThrows(IOException.class, () -> RootHints.load(garbled));
        assertEquals(garbled + ":2: Invalid type 'one'", syntax.getMessage());
        IOException missing = assertThrows(IOException.class, () -> RootHints.load(dir.resolve("missing")));
        assertEquals("root hints file " + dir.resolve("missing") + " does not exist", missing.getMessage());
        IOException noAddress = assertThrows(IOException.class, () -> RootHints.load(chaos));
        assertTrue(noAddress.getMessage().startsWith(chaos.toString()), noAddress.getMessage());
    }

    @Test
    void theInternetMappingUsesPort53AndTheMappedOneRefusesUnknownAddresses() {
        assertEquals(Optional.of(new InetSocketAddress(Upstreams.address("192.0.2.1"), 53)),
                UpstreamSockets.internet().socketFor(Upstreams.address("192.0.2.1")));

        InetSocketAddress loopback = new InetSocketAddress(Upstreams.address("127.0.0.1"), 5300);
        UpstreamSockets mapped = UpstreamSockets.mapped(Map.of(Upstreams.address("192.0.2.1"), loopback));
        assertEquals(Optional.of(loopback), mapped.socketFor(Upstreams.address("192.0.2.1")));
        assertFalse(mapped.socketFor(Upstreams.address("192.0.2.2")).isPresent());
        assertFalse(mapped.socketFor(Upstreams.address("198.41.0.4")).isPresent());
    }

    @Test
    void theLoopbackPortMappingKeepsTheAddressChangesThePortAndRefusesEverythingElse() {
        UpstreamSockets onPort = UpstreamSockets.loopbackOnPort(5353);

        assertEquals(Optional.of(new InetSocketAddress(Upstreams.address("127.53.1.7"), 5353)),
                onPort.socketFor(Upstreams.address("127.53.1.7")));
        assertEquals(Optional.of(new InetSocketAddress(Upstreams.address("::1"), 5353)),
                onPort.socketFor(Upstreams.address("::1")));
        assertFalse(onPort.socketFor(Upstreams.address("198.41.0.4")).isPresent());
        assertFalse(onPort.socketFor(Upstreams.address("2001:db8::1")).isPresent());
        assertThrows(IllegalArgumentException.class, () -> UpstreamSockets.loopbackOnPort(0));
    }
}
