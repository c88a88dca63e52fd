package dev.jdns.cli.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jdns control}: one command to a running server over its {@code --control} socket. */
@Command(
        name = "control",
        mixinStandardHelpOptions = true,
        description = {
            "Send one command to a jdns serve or resolver started with --control PATH, print its reply, and exit 0"
                    + " (done), 1 (the command failed or the server cannot be reached: one line on stderr) or 2"
                    + " (bad usage).",
            "Commands a server's role does not have (flush on serve, notify on a resolver) answer with an error."
        },
        modelTransformer = ControlCommand.CommandsInHelp.class)
public final class ControlCommand implements Callable<Integer> {

    static final int FAILED = 1;
    /** How long the server may stay silent, per read, before the client gives up. */
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    @Option(names = "--socket", paramLabel = "PATH", defaultValue = "/run/jdns/control.sock",
            description = "The server's --control socket (default: ${DEFAULT-VALUE}).")
    Path socket;

    @Parameters(paramLabel = "COMMAND", arity = "1..*", description = "A command and its arguments (below).")
    List<String> words;

    @Override
    public Integer call() {
        ControlVerb verb = ControlVerb.of(words.getFirst()).orElseThrow(() -> new ParameterException(
                spec.commandLine(), "unknown command '" + words.getFirst() + "'"));
        List<String> arguments = words.subList(1, words.size());
        if (!verb.acceptsOnCommandLine(arguments.size())) {
            throw new ParameterException(spec.commandLine(), "usage: jdns control " + verb.word() + " "
                    + verb.arguments());
        }
        PrintWriter err = spec.commandLine().getErr();
        try (SocketChannel channel = connect(err)) {
            if (channel == null) {
                return FAILED;
            }
            ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                    Thread.ofPlatform().daemon().factory());
            try {
                Watchdog watchdog = new Watchdog(channel, timer, REPLY_TIMEOUT);
                send(verb, arguments, watchdog.guard(Channels.newOutputStream(channel)));
                channel.shutdownOutput();
                return printReply(watchdog.guard(Channels.newInputStream(channel)), err);
            } finally {
                timer.shutdownNow();
            }
        } catch (IOException e) {
            err.println("jdns control: " + socket + ": " + e.getMessage());
            return FAILED;
        }
    }

    /** Ends {@code --help} with the commands, as {@link ControlVerb} states them. */
    static final class CommandsInHelp implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            String[] lines = Arrays.stream(ControlVerb.values())
                    .map(verb -> String.format("  %-18s %s", (verb.word() + " " + verb.arguments()).strip(),
                            verb.help()))
                    .toArray(String[]::new);
            spec.usageMessage().footerHeading("%nCommands:%n").footer(lines);
            return spec;
        }
    }

    private SocketChannel connect(PrintWriter err) {
        try {
            return SocketChannel.open(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            err.println("jdns control: cannot connect to " + socket + ": " + e.getMessage()
                    + " (is a server running with --control " + socket + "?)");
            return null;
        }
    }

    /** The request line; for load-cache, the dump's lines after it (the server never reads our files). */
    private void send(ControlVerb verb, List<String> arguments, OutputStream out) throws IOException {
        boolean load = verb == ControlVerb.LOAD_CACHE;
        String line = Stream.concat(Stream.of(verb.word()), load ? Stream.empty() : arguments.stream())
                .collect(Collectors.joining(" "));
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        if (load) {
            String file = arguments.getFirst();
            try (InputStream dump = file.equals("-") ? System.in : Files.newInputStream(Path.of(file))) {
                dump.transferTo(out);
            }
        }
        out.flush();
    }

    /** Prints the body of an {@code ok}; an {@code error: } status (or last line) goes to stderr as exit 1. */
    private int printReply(InputStream in, PrintWriter err) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        BufferedReader reply = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String status = reply.readLine();
        if (status == null) {
            err.println("jdns control: " + socket + " closed the connection without a reply");
            return FAILED;
        }
        if (status.startsWith(ControlReply.ERROR)) {
            err.println("jdns control: " + status.substring(ControlReply.ERROR.length()));
            return FAILED;
        }
        String previous = null;
        for (String line = reply.readLine(); line != null; line = reply.readLine()) {
            if (previous != null) {
                out.println(previous);
            }
            previous = line;
        }
        out.flush();
        if (previous != null && previous.startsWith(ControlReply.ERROR)) {
            err.println("jdns control: " + previous.substring(ControlReply.ERROR.length()));
            return FAILED;
        }
        if (previous != null) {
            out.println(previous);
            out.flush();
        }
        return 0;
    }
}
