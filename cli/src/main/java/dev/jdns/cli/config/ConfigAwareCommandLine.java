package dev.jdns.cli.config;

import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * The jdns command tree with {@code --config FILE} applied before picocli parses: {@link ConfigArguments} adds the
 * file's values to the arguments, and a bad file ends the run with one {@code FILE:LINE: message} line and exit 2.
 * It remembers the command line as typed so that {@link ConfigReload} can read the file again later.
 */
public final class ConfigAwareCommandLine extends CommandLine {

    private final Supplier<CommandLine> fresh;
    private volatile String[] typed = new String[0];

    /** @param fresh builds a new tree like this one, for parses that must not disturb the running command */
    public ConfigAwareCommandLine(Object command, Supplier<CommandLine> fresh) {
        super(command);
        this.fresh = fresh;
    }

    @Override
    public int execute(String... args) {
        typed = args.clone();
        String[] expanded;
        try {
            expanded = ConfigArguments.expand(args, fresh);
        } catch (ConfigException e) {
            getErr().println(e.getMessage());
            getErr().flush();
            return ExitCode.USAGE;
        }
        return super.execute(expanded);
    }

    String[] typed() {
        return typed.clone();
    }

    Supplier<CommandLine> fresh() {
        return fresh;
    }
}
