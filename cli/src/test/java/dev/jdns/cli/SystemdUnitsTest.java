package dev.jdns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.testing.peers.PeerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The service units in packaging/systemd: {@code systemd-analyze verify} accepts them without a single warning (an
 * unknown or misspelt key is only a warning to systemd, so any output fails the test), and the command each one
 * starts is one jdns accepts. The launcher path is pointed at this checkout's {@code jdns}, which systemd checks
 * for being executable; everything else is verified as it is installed.
 */
class SystemdUnitsTest {

    private static final Path UNITS = Path.of("..", "packaging", "systemd");
    private static final String INSTALLED_LAUNCHER = "/opt/jdns/jdns";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"jdns-resolver.service", "jdns-serve.service"})
    void systemdAcceptsTheUnitWithoutAWarning(String unit) throws Exception {
        Path analyze = PeerProcess.requireExecutable("systemd-analyze");
        String text = Files.readString(UNITS.resolve(unit));
        assertTrue(text.contains("ExecStart=" + INSTALLED_LAUNCHER + " "), "the unit starts the installed launcher");
        Path launcher = Path.of("..", "jdns").toAbsolutePath().normalize();
        Path copy = Files.writeString(dir.resolve(unit), text.replace(INSTALLED_LAUNCHER, launcher.toString()));

        Process process = new ProcessBuilder(analyze.toString(), "verify", copy.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "systemd-analyze verify did not finish");
        assertEquals(0, process.exitValue(), output);
        assertEquals("", output.strip(), "systemd-analyze verify has something to say");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdns-resolver.service", "jdns-serve.service"})
    void theCommandTheUnitStartsIsOneJdnsAccepts(String unit) throws IOException {
        String execStart = execStart(UNITS.resolve(unit));
        String[] words = execStart.split("\\s+");
        assertEquals(INSTALLED_LAUNCHER, words[0]);
        String[] args = Arrays.copyOfRange(words, 1, words.length);
        assertFalse(args.length == 0);
        // Throws on an unknown option or a bad value, as the service would fail at start.
        Main.commandLine(args).parseArgs(args);
    }

    /**
     * {@code jdns control} needs the socket, and the socket a folder the service's dynamic user may write: the one
     * systemd makes for it at start ({@code RuntimeDirectory=}, under /run).
     */
    @ParameterizedTest
    @ValueSource(strings = {"jdns-resolver.service", "jdns-serve.service"})
    void theControlSocketIsInTheUnitsRuntimeDirectory(String unit) throws IOException {
        List<String> words = List.of(execStart(UNITS.resolve(unit)).split("\\s+"));
        int control = words.indexOf("--control");
        assertTrue(control > 0, "the unit starts jdns with --control");
        String runtimeDirectory = setting(UNITS.resolve(unit), "RuntimeDirectory=");
        assertEquals("/run/" + runtimeDirectory + "/control", words.get(control + 1));
    }

    private static String execStart(Path unit) throws IOException {
        return setting(unit, "ExecStart=");
    }

    private static String setting(Path unit, String key) throws IOException {
        try (Stream<String> lines = Files.lines(unit)) {
            List<String> found = lines.filter(line -> line.startsWith(key)).toList();
            assertEquals(1, found.size(), "one " + key + " in " + unit);
            return found.getFirst().substring(key.length());
        }
    }
}
