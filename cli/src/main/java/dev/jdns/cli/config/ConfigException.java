package dev.jdns.cli.config;

import java.nio.file.Path;

/** A problem in a config file, said as {@code FILE:LINE: message} (one line, as compilers and jdns check say it). */
public final class ConfigException extends Exception {

    public ConfigException(Path file, int line, String message) {
        super(file + ":" + line + ": " + message);
    }
}
