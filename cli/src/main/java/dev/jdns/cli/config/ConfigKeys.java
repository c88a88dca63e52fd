package dev.jdns.cli.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The keys a command's config file may set, read from its picocli model so that every option added to a command
 * is a key without further work: each option by its longest name without the dashes ({@code --root-hints} is
 * {@code root-hints}), and the positional parameters (serve's zone files) as {@value #POSITIONAL}.
 */
public final class ConfigKeys {

    /** The key of a command's positional parameters (GUIDE section 4: {@code zones: [a.zone, b.zone]}). */
    public static final String POSITIONAL = "zones";

    /** Options that say how to read the configuration or what to do instead of serving: command line only. */
    private static final Set<String> COMMAND_LINE_ONLY = Set.of(ConfigOption.CONFIG, ConfigOption.CHECK);

    private ConfigKeys() {}

    /** Key to option or positional parameter, in the command's order. */
    public static Map<String, ArgSpec> of(CommandSpec spec) {
        Map<String, ArgSpec> keys = new LinkedHashMap<>();
        for (OptionSpec option : spec.options()) {
            String key = key(option);
            if (!option.usageHelp() && !option.versionHelp() && !COMMAND_LINE_ONLY.contains(key)) {
                keys.put(key, option);
            }
        }
        if (!spec.positionalParameters().isEmpty()) {
            // One list for all positionals: the commands that take a config file have one positional list at most.
            keys.putIfAbsent(POSITIONAL, spec.positionalParameters().getFirst());
        }
        return keys;
    }

    /** {@code --root-hints} is {@code root-hints}. */
    public static String key(OptionSpec option) {
        return option.longestName().replaceFirst("^-+", "");
    }
}
