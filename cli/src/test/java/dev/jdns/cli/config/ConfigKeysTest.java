package dev.jdns.cli.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.cli.Main;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Every flag of the commands that take --config is a key, read from picocli's model, not from a list. */
class ConfigKeysTest {

    @Test
    void everyOptionOfEveryConfigurableCommandIsAKey() {
        CommandLine root = Main.commandLine();
        int configurable = 0;
        for (CommandLine command : root.getSubcommands().values()) {
            CommandSpec spec = command.getCommandSpec();
            if (spec.findOption("--config") == null) {
                continue;
            }
            configurable++;
            Map<String, ArgSpec> keys = ConfigKeys.of(spec);
            for (OptionSpec option : spec.options()) {
                String key = ConfigKeys.key(option);
                boolean commandLineOnly = option.usageHelp() || option.versionHelp() || key.equals("config")
                        || key.equals("check");
                assertEquals(!commandLineOnly, keys.get(key) == option, spec.name() + " " + option.longestName());
            }
            assertFalse(keys.containsKey("config"));
        }
        assertEquals(3, configurable, "serve, resolver and lab take --config");
        assertTrue(ConfigKeys.of(root.getSubcommands().get("serve").getCommandSpec()).containsKey("zones"));
        assertTrue(ConfigKeys.of(root.getSubcommands().get("resolver").getCommandSpec()).containsKey("metrics"));
    }
}
