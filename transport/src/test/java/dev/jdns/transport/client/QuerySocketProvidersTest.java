package dev.jdns.transport.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ProtocolFamily;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The choice of upstream sockets: a provider that cannot be loaded or says it cannot run here is passed over (a
 * module compiled for a newer JDK, another operating system), and the JDK's sockets remain.
 */
class QuerySocketProvidersTest {

    /** Listed in the services file below; says it cannot run anywhere. */
    public static final class NeverUsable implements QuerySocketProvider {
        @Override
        public String name() {
            return "never";
        }

        @Override
        public boolean usable() {
            return false;
        }

        @Override
        public QuerySocket open(ProtocolFamily family) throws IOException {
            throw new IOException("never usable, never opened");
        }
    }

    /** Listed in the services file below; usable. */
    public static final class AlwaysUsable implements QuerySocketProvider {
        @Override
        public String name() {
            return "always";
        }

        @Override
        public boolean usable() {
            return true;
        }

        @Override
        public QuerySocket open(ProtocolFamily family) throws IOException {
            return new JdkQuerySockets().open(family);
        }
    }

    /** Listed in the services file below; usable, but its preparation fails. */
    public static final class PreparationFails implements QuerySocketProvider {
        @Override
        public String name() {
            return "unprepared";
        }

        @Override
        public boolean usable() {
            return true;
        }

        @Override
        public void prepare() {
            throw new IllegalStateException("preparation failed (test)");
        }

        @Override
        public QuerySocket open(ProtocolFamily family) throws IOException {
            return new JdkQuerySockets().open(family);
        }
    }

    @Test
    void aProviderWhosePreparationFailsIsStillUsed(@TempDir Path dir) throws IOException {
        try (URLClassLoader loader = loaderListing(dir, PreparationFails.class.getName())) {
            assertEquals("unprepared", QuerySocketProviders.chooseAndPrepare(loader).name());
        }
    }

    @Test
    void providersThatCannotLoadOrRunArePassedOver(@TempDir Path dir) throws IOException {
        try (URLClassLoader loader = loaderListing(dir, "dev.jdns.NoSuchProvider", NeverUsable.class.getName())) {
            assertEquals("jdk", QuerySocketProviders.choose("", loader).name());
        }
    }

    @Test
    void theFirstUsableProviderIsChosenUnlessTheJdksAreAskedFor(@TempDir Path dir) throws IOException {
        try (URLClassLoader loader = loaderListing(dir, NeverUsable.class.getName(), "dev.jdns.NoSuchProvider",
                AlwaysUsable.class.getName())) {
            assertEquals("always", QuerySocketProviders.choose("", loader).name());
            assertEquals("jdk", QuerySocketProviders.choose("jdk", loader).name());
            assertEquals("jdk", QuerySocketProviders.choose("never", loader).name(), "asked for, but not usable");
        }
    }

    private static URLClassLoader loaderListing(Path dir, String... providers) throws IOException {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(QuerySocketProvider.class.getName()), String.join("\n", providers) + "\n");
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, QuerySocketProvidersTest.class.getClassLoader());
    }
}
