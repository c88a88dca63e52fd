package dev.jdns.cli.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A long-running service (a jdns server) started inside a network namespace; ready when it prints the line that
 * every jdns server prints once it listens. Its output is kept for failure messages.
 */
final class NamespacedProcess implements AutoCloseable {

    private static final String READY_MARK = "listening on";

    private final String name;
    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final CountDownLatch ready = new CountDownLatch(1);

    private NamespacedProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        Thread.ofVirtual().name("output-" + name).start(this::collectOutput);
    }

    static NamespacedProcess start(String name, String namespace, List<String> command) throws IOException {
        Process process = new ProcessBuilder(NetworkNamespaces.inNamespace(namespace, command))
                .redirectErrorStream(true).start();
        process.getOutputStream().close();
        return new NamespacedProcess(name, process);
    }

    private void collectOutput() {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.append(line).append('\n');
                if (line.contains(READY_MARK)) {
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            output.append("(output unreadable: ").append(e.getMessage()).append(")\n");
        }
    }

    /**
     * Waits until the service listens, at most until {@code deadline}.
     *
     * @throws IOException with the service's output when it exits or the deadline passes first
     */
    void awaitReady(Instant deadline) throws IOException, InterruptedException {
        while (!ready.await(100, TimeUnit.MILLISECONDS)) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with " + process.exitValue() + " before listening:\n" + output);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IOException(name + " not listening in time:\n" + output);
            }
        }
    }

    String output() {
        return output.toString();
    }

    /** SIGTERM (`ip netns exec` execs the command, so the signal reaches the JVM), then SIGKILL if need be. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
