package dev.jdns.cli;

import dev.jdns.cli.log.LogSetup;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --log-level}, mixed into the long-running commands. */
final class LoggingOptions {

    /** The config key of {@code --log-level}. */
    static final String KEY = "log-level";

    /**
     * For a SIGHUP re-read ({@link dev.jdns.cli.config.ConfigReload}): parsing the new value already configured
     * logging through the setter below, so a changed level is in effect, not waiting for a restart.
     */
    static final Consumer<Object> APPLIED_WHEN_PARSED = level -> { };

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
