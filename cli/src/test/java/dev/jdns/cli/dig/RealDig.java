package dev.jdns.cli.dig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Real dig (BIND 9) run for a differential, and the normalisation both outputs go through before comparing. */
public final class RealDig {

    private RealDig() {
    }

    /**
     * dig's output for {@code args}, with +nocookie: jdns dig sends no cookie, and the replies must be alike. Given
     * first, so that it holds for every query on the line (dig's options after a name apply to that query only).
     */
    public static String run(Path dig, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(dig.toString(), "+nocookie"));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(process.waitFor(20, TimeUnit.SECONDS), "dig did not finish");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    /** Drops the lines that differ by nature and masks the query ID. */
    public static String normalise(String output) {
        return output.lines()
                .filter(line -> !line.startsWith("; <<>> ") && !line.startsWith(";; Query time:")
                        && !line.startsWith(";; WHEN:"))
                .map(line -> line.replaceFirst("id: \\d+$", "id: ID"))
                .collect(Collectors.joining("\n"));
    }
}
