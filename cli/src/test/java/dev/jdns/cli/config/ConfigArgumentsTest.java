package dev.jdns.cli.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.jdns.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** When {@code --config} expands the arguments, and that a start without it builds no second command tree. */
class ConfigArgumentsTest {

    @TempDir
    Path dir;

    @Test
    void argumentsWithoutConfigAreKeptWithoutBuildingAnotherTree() throws ConfigException {
        Supplier<CommandLine> noTree = () -> {
            throw new AssertionError("a second command tree was built for arguments without --config");
        };
        String[] args = {"resolver", "--listen", "127.0.0.1:0", "--cache-size", "512m", "--hosts", "config"};

        assertSame(args, ConfigArguments.expand(args, noTree));
    }

    @Test
    void theFileIsReadWhetherItsNameFollowsTheFlagOrAnEqualsSign() throws Exception {
        Path file = Files.writeString(dir.resolve("resolver.yaml"), "cache-size: 64m\n");
        List<String> expected = List.of("resolver", "--cache-size=64m", "--config", file.toString());

        assertEquals(expected, List.of(ConfigArguments.expand(
                new String[] {"resolver", "--config", file.toString()}, Main::commandLine)));
        assertArrayEquals(new String[] {"resolver", "--cache-size=64m", "--config=" + file},
                ConfigArguments.expand(new String[] {"resolver", "--config=" + file}, Main::commandLine));
    }
}
