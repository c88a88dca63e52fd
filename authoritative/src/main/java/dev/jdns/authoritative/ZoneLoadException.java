package dev.jdns.authoritative;

import java.util.List;

/**
 * A zone file that cannot be served. The message is the first problem as {@code file:line: reason}
 * (plus a count of the others); {@link #problems()} lists them all, in file and line order.
 */
public final class ZoneLoadException extends Exception {

    /** One thing wrong with a zone, located as precisely as the loader could. */
    public record Problem(SourceLocation where, String reason) {
        @Override
        public String toString() {
            return where + ": " + reason;
        }
    }

    private final List<Problem> problems;

    public ZoneLoadException(List<Problem> problems) {
        super(summary(problems));
        this.problems = List.copyOf(problems);
    }

    public ZoneLoadException(SourceLocation where, String reason) {
        this(List.of(new Problem(where, reason)));
    }

    public ZoneLoadException(SourceLocation where, String reason, Throwable cause) {
        this(List.of(new Problem(where, reason)));
        initCause(cause);
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String summary(List<Problem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ZoneLoadException needs at least one problem");
        }
        String first = problems.get(0).toString();
        int others = problems.size() - 1;
        return others == 0 ? first : first + " (and " + others + " more)";
    }
}
