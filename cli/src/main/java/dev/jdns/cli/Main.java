package dev.jdns.cli;

import dev.jdns.cli.config.ConfigAwareCommandLine;
import dev.jdns.cli.control.ControlCommand;
import dev.jdns.cli.dig.DigCommand;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code jdns} command: one process entry point for every tool. */
@Command(
        name = "jdns",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A DNS toolkit: authoritative server, recursive resolver and a dig-like client.")
public final class Main {

    /**
     * A subcommand: the name it is run by, and its class (picocli's factory makes the object). A class, not a
     * constructor reference: with constructor references here, the assembly of the JDK's AOT cache (JDNS_AOT=on)
     * crashed (JDK 25.0.3: "Metadata ... should have been archived").
     */
    private record Subcommand(String name, Class<?> type) {}

    /** {@code jdns help COMMAND} needs the whole tree. */
    private static final String HELP = "help";

    /** Every subcommand, in the order help lists them. */
    private static final List<Subcommand> SUBCOMMANDS = List.of(
            new Subcommand("serve", ServeCommand.class),
            new Subcommand("resolver", ResolverCommand.class),
            new Subcommand("dig", DigCommand.class),
            new Subcommand("lab", LabCommand.class),
            new Subcommand("check", CheckCommand.class),
            new Subcommand("health", HealthCommand.class),
            new Subcommand("control", ControlCommand.class),
            new Subcommand("aot-training", AotTrainingCommand.class),
            new Subcommand(HELP, CommandLine.HelpCommand.class));

    /**
     * Exit code for bad usage of the servers, the lab and check (1 is their "could not start"); picocli's default
     * for {@code exitCodeOnInvalidInput}, which a subcommand with its own convention (dig's 1) overrides.
     */
    static final int USAGE_ERROR = CommandLine.ExitCode.USAGE;

    public static void main(String[] args) {
        System.exit(commandLine(args).execute(args));
    }

    /** The configured picocli tree, which reads {@code --config FILE}; tests run it in-process. */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The tree that runs {@code args}: when they start with a subcommand's name, that subcommand alone, since
     * picocli reflects over every command it is given and a server keeps the garbage of the others resident in its
     * heap's young generation; otherwise (help, a version, a mistyped name) all of them.
     */
    static CommandLine commandLine(String[] args) {
        List<Subcommand> wanted = SUBCOMMANDS;
        if (args.length > 0 && !args[0].equals(HELP)) {
            for (Subcommand subcommand : SUBCOMMANDS) {
                if (subcommand.name().equals(args[0])) {
                    wanted = List.of(subcommand);
                    break;
                }
            }
        }
        CommandLine commandLine = new ConfigAwareCommandLine(new Main(), Main::commandLine);
        for (Subcommand subcommand : wanted) {
            // A CommandLine of its own: picocli applies a command's model transformer (the help tables of resolver
            // and control) only in the constructor that users call, not to an object given to addSubcommand.
            commandLine.addSubcommand(subcommand.name(), new CommandLine(subcommand.type()));
        }
        commandLine.setParameterExceptionHandler(Main::oneLineUsageError);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExpandAtFiles(false); // "@server" is dig's syntax, not a picocli argument file
        return commandLine;
    }

    /** A bad flag gets one line, not a screen of help: `jdns serve: <reason> (try 'jdns serve --help')`. */
    private static int oneLineUsageError(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String name = command.getCommandSpec().qualifiedName();
        command.getErr().printf("%s: %s (try '%s --help')%n", name, e.getMessage(), name);
        // Each command owns its usage exit code (@Command exitCodeOnInvalidInput; dig sets its own).
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }
}
