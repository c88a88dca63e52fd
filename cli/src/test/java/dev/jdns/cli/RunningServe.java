package dev.jdns.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * {@code jdns serve} run in-process exactly as {@code main} runs it (picocli, one line on stdout), on a thread of
 * its own; closing it interrupts that thread, which stops the server as SIGTERM would.
 */
final class RunningServe implements AutoCloseable {

    /** A bound, not a wait: a loaded CI machine has taken over 10 s to start a server in-process. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern LISTENING = Pattern.compile("listening on (\\d+\\.\\d+\\.\\d+\\.\\d+):(\\d+)");

    private final Thread thread;
    private final StringWriter out;
    private final StringWriter err;
    private final AtomicInteger exitCode;

    private RunningServe(Thread thread, StringWriter out, StringWriter err, AtomicInteger exitCode) {
        this.thread = thread;
        this.out = out;
        this.err = err;
        this.exitCode = exitCode;
    }

    /** Starts {@code jdns serve ARGS} and waits for its start-up line (or its exit). */
    static RunningServe start(String... args) throws InterruptedException {
        return startCommand("serve", args);
    }

    /** Starts another long-running command ({@code resolver}) the same way; at warning unless args say a level. */
    static RunningServe startCommand(String command, String... args) throws InterruptedException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicInteger exitCode = new AtomicInteger(-1);
        List<String> all = new ArrayList<>(List.of(command));
        if (!List.of(args).contains("--log-level")) {
            all.addAll(List.of("--log-level", "warning"));
        }
        all.addAll(List.of(args));
        Thread thread = Thread.ofPlatform().name("jdns-serve-under-test").start(() -> {
            CommandLine commandLine = Main.commandLine();
            commandLine.setOut(new PrintWriter(out, true));
            commandLine.setErr(new PrintWriter(err, true));
            exitCode.set(commandLine.execute(all.toArray(String[]::new)));
        });
        RunningServe serve = new RunningServe(thread, out, err, exitCode);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (serve.out().isEmpty() && thread.isAlive() && System.nanoTime() < deadline) {
            thread.join(Duration.ofMillis(10));
        }
        return serve;
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    /** The first address in the start-up line. */
    InetSocketAddress address() {
        Matcher matcher = LISTENING.matcher(out());
        if (!matcher.find()) {
            throw new AssertionError("no 'listening on' line; out: " + out() + " err: " + err());
        }
        return new InetSocketAddress(matcher.group(1), Integer.parseInt(matcher.group(2)));
    }

    /** Waits for the command to end by itself (a failed start, {@code jdns control stop}); its exit code. */
    int awaitExit() throws InterruptedException {
        thread.join(START_TIMEOUT);
        if (thread.isAlive()) {
            throw new AssertionError("the command is still running; out: " + out() + " err: " + err());
        }
        return exitCode.get();
    }

    /** Stops the server and returns the command's exit code. */
    int stop() throws InterruptedException {
        thread.interrupt();
        thread.join(START_TIMEOUT);
        if (thread.isAlive()) {
            throw new AssertionError("jdns serve did not stop when interrupted");
        }
        return exitCode.get();
    }

    @Override
    public void close() throws InterruptedException {
        if (thread.isAlive()) {
            stop();
        }
    }
}
