package dev.jdns.cli.dig;

import dev.jdns.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs {@code jdns dig ARGS} in process, as the launcher would, capturing both streams. */
public record DigRun(int exit, String out, String err) {

    public static DigRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "dig";
        System.arraycopy(args, 0, all, 1, args.length);
        int exit = commandLine.execute(all);
        return new DigRun(exit, out.toString(), err.toString());
    }
}
