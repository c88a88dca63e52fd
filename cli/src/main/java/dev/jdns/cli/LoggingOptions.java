package dev.jdns.cli;

import dev.jdns.cli.log.LogSetup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --log-level}, mixed into the long-running commands. */
final class LoggingOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "info",
            description = "error, warning, info, debug or trace (default: info). Nothing is logged per query below debug.")
    void setLevel(String level) {
        try {
            LogSetup.configure(level);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(mixee.commandLine(), e.getMessage());
        }
    }
}
