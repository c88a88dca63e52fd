package dev.jdns.cli;

import dev.jdns.cli.config.ConfigAwareCommandLine;
import dev.jdns.cli.control.ControlCommand;
import dev.jdns.cli.dig.DigCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code jdns} command: one process entry point for every tool. */
@Command(
        name = "jdns",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A DNS toolkit: authoritative server, recursive resolver and a dig-like client.",
        subcommands = {ServeCommand.class, ResolverCommand.class, DigCommand.class, LabCommand.class,
            CheckCommand.class, HealthCommand.class, ControlCommand.class, AotTrainingCommand.class,
            CommandLine.HelpCommand.class})
public final class Main {

    /**
     * Exit code for bad usage of the servers, the lab and check (1 is their "could not start"); picocli's default
     * for {@code exitCodeOnInvalidInput}, which a subcommand with its own convention (dig's 1) overrides.
     */
    static final int USAGE_ERROR = CommandLine.ExitCode.USAGE;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured picocli tree, which reads {@code --config FILE}; tests run it in-process. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new ConfigAwareCommandLine(new Main(), Main::commandLine);
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
