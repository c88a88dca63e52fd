package dev.jdns.cli.config;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Reads a running command's config file again (SIGHUP) and says which keys now have another value, comparing every
 * option of the running command with a fresh parse of the same command line and the new file, so any option is
 * covered. The command decides which changes it can apply while running; the others wait for a restart.
 */
public final class ConfigReload {

    private static final Logger LOG = System.getLogger(ConfigReload.class.getName());

    /** The keys whose value differs from the running one, with their new values. */
    public record Changes(Map<String, Object> changed) {}

    private final CommandSpec running;
    private final ConfigAwareCommandLine root;
    private final Path file;

    private ConfigReload(CommandSpec running, ConfigAwareCommandLine root, Path file) {
        this.running = running;
        this.root = root;
        this.file = file;
    }

    /** Present when {@code running} was started with {@code --config} through a {@link ConfigAwareCommandLine}. */
    public static Optional<ConfigReload> of(CommandSpec running, ConfigOption option) {
        if (option.file() == null || !(running.root().commandLine() instanceof ConfigAwareCommandLine root)) {
            return Optional.empty();
        }
        return Optional.of(new ConfigReload(running, root, option.file()));
    }

    public Path file() {
        return file;
    }

    /**
     * Re-reads the file. Nothing in the running command changes: call {@link #applied} for each key put in effect.
     *
     * @throws ConfigException the file is now broken (the running configuration stays as it is)
     */
    public Changes reread() throws ConfigException {
        String[] expanded = ConfigArguments.expand(root.typed(), root.fresh());
        CommandLine fresh = root.fresh().get();
        CommandLine again = fresh.getSubcommands().get(running.name());
        try {
            fresh.parseArgs(expanded);
        } catch (ParameterException e) {
            throw new ConfigException(file, 0, e.getMessage());
        }
        Map<String, ArgSpec> now = ConfigKeys.of(running);
        Map<String, ArgSpec> next = ConfigKeys.of(again.getCommandSpec());
        Map<String, Object> changed = new LinkedHashMap<>();
        now.forEach((key, arg) -> {
            Object value = next.get(key).getValue();
            if (!Objects.equals(arg.getValue(), value)) {
                changed.put(key, value);
            }
        });
        return new Changes(changed);
    }

    /**
     * Re-reads the file and applies each changed key that {@code live} knows how to apply; the other changes are
     * logged as waiting for a restart, and a broken file is logged as {@code FILE:LINE: message} and ignored.
     */
    public void reload(Map<String, Consumer<Object>> live) {
        Changes changes;
        try {
            changes = reread();
        } catch (ConfigException e) {
            LOG.log(Level.WARNING, "{0}; keeping the running configuration", e.getMessage());
            return;
        }
        changes.changed().forEach((key, value) -> {
            Consumer<Object> apply = live.get(key);
            if (apply == null) {
                LOG.log(Level.WARNING, "{0}: {1} changed; it takes effect at the next start", file, key);
            } else {
                apply.accept(value);
                applied(key, value);
                LOG.log(Level.INFO, "{0}: {1} changed; applied", file, key);
            }
        });
    }

    /** Records that the command now runs with {@code value} for {@code key}, so the next reload compares with it. */
    public void applied(String key, Object value) {
        ConfigKeys.of(running).get(key).setValue(value);
    }
}
