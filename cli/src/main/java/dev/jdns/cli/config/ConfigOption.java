package dev.jdns.cli.config;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config FILE}, mixed into the commands whose flags may come from a file. */
public final class ConfigOption {

    static final String CONFIG = "config";
    static final String CHECK = "check";

    @Option(names = "--" + CONFIG, paramLabel = "FILE",
            description = "Read flags from this YAML file: one key per long flag name without the dashes"
                    + " (listen: 127.0.0.1:53), a list for a repeatable flag; a flag on the command line wins"
                    + " over the file (docs/operations.md).")
    Path file;

    /** The file given, or null. */
    public Path file() {
        return file;
    }
}
