package dev.jdns.cli.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short command on this machine (ip, jdns dig) with a time limit, and returns its output. */
final class HostCommand {

    /** The command's exit code and its stdout and stderr together. */
    record Result(int exitCode, String output) {}

    private HostCommand() {}

    static Result run(Duration limit, List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        // Output is small; reading on a virtual thread keeps a chatty command from blocking on a full pipe.
        var output = new StringBuilder();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                output.append("(output unreadable: ").append(e.getMessage()).append(')');
            }
        });
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new IOException(String.join(" ", command) + ": no exit within " + limit);
        }
        reader.join(Duration.ofSeconds(5));
        return new Result(process.exitValue(), output.toString());
    }

    /** Runs and requires exit code 0. */
    static String check(Duration limit, List<String> command) throws IOException, InterruptedException {
        Result result = run(limit, command);
        if (result.exitCode() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + result.exitCode() + "): "
                    + result.output().strip());
        }
        return result.output();
    }
}
