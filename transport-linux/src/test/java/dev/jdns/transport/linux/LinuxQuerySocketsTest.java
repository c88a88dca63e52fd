package dev.jdns.transport.linux;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The provider's own duties: it says it can run here, and preparing it leaves nothing open. */
class LinuxQuerySocketsTest {

    @Test
    void usableOnThisLinuxWithNativeAccessEnabled() {
        assertTrue(new LinuxQuerySockets().usable());
    }

    @Test
    void preparingLeavesNoSocketOpen() throws IOException {
        LinuxQuerySockets provider = new LinuxQuerySockets();
        provider.prepare(); // the poller's descriptors, opened once per JVM, are there before the count
        long before = openFiles();
        provider.prepare();
        long after = openFiles();
        assertTrue(after - before <= 2, "open files grew from " + before + " to " + after);
    }

    private static long openFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("/proc/self/fd"))) {
            return files.count();
        }
    }
}
