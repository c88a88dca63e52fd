package dev.jdns.authoritative;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where something in a zone came from: a file and a 1-based line, or line 0 when no single line can be blamed
 * (e.g. "the zone has no SOA at all").
 */
public record SourceLocation(Path file, int line) {

    public SourceLocation {
        Objects.requireNonNull(file, "file");
        if (line < 0) {
            throw new IllegalArgumentException("line must be >= 0: " + line);
        }
    }

    /** The whole file, no particular line. */
    public static SourceLocation of(Path file) {
        return new SourceLocation(file, 0);
    }

    /** {@code file:line}, or just {@code file} when the line is unknown, as compilers and named-checkzone print it. */
    @Override
    public String toString() {
        return line > 0 ? file + ":" + line : file.toString();
    }
}
