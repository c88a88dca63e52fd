package dev.jdns.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** {@code jdns control --socket PATH ARGS} run in-process as main runs it: exit code, stdout, stderr. */
final class ControlClient {

    record Result(int exitCode, String out, String err) {}

    private ControlClient() {}

    static Result run(Path socket, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("control", "--socket", socket.toString()));
        all.addAll(List.of(args));
        return new Result(commandLine.execute(all.toArray(String[]::new)), out.toString(), err.toString());
    }

    /** Runs a command that must succeed; returns its output. */
    static String ok(Path socket, String... args) {
        Result result = run(socket, args);
        if (result.exitCode() != 0) {
            throw new AssertionError("jdns control " + String.join(" ", args) + " exited " + result.exitCode()
                    + ": " + result.err());
        }
        return result.out();
    }
}
