package dev.jdns.authoritative;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.Name;
import org.xbill.DNS.Tokenizer;

/**
 * One zone file's bytes, prepared for dnsjava's {@code Master}: which lines start a record entry (so each
 * record can be traced to its line) and the {@code $INCLUDE} directives, lifted out of the text.
 *
 * <p>Why lift includes out: dnsjava 3.7.1's {@code Master} opened on a file resolves a relative
 * {@code $INCLUDE} against that file's directory, but opened on a stream (which we need to count lines) it
 * refuses relative includes, and either way the included records arrive with no file or line attached. Here
 * each included file gets its own {@code Master}, the path resolved against the directory of the including
 * file (never the working directory, so a tree of zone files works wherever it is), with the origin and default
 * TTL in force at the {@code $INCLUDE} line (RFC 1035 §5.1). The directive line is replaced by spaces, so
 * {@code Master}'s line numbers stay true. Records are a set, so reading the included file after its parent
 * changes nothing but the order.
 *
 * <p>Directives are recognised only in column 1, as in RFC 1035 §5.1; a {@code $} line inside a parenthesised
 * multi-line record would be misread, which no real zone file does.
 */
final class ZoneFileText {

    /** A {@code $INCLUDE} found at {@code where}: the file to read and the origin and default TTL it starts with. */
    record Include(SourceLocation where, Path file, Name origin, long defaultTtl) {}

    private final byte[] bytes;
    private final boolean[] entryStarts;
    private final List<Include> includes;

    private ZoneFileText(byte[] bytes, boolean[] entryStarts, List<Include> includes) {
        this.bytes = bytes;
        this.entryStarts = entryStarts;
        this.includes = includes;
    }

    /** Reads {@code file}, which starts with {@code origin} and {@code defaultTtl} (-1: none) in force. */
    static ZoneFileText read(Path file, Name origin, long defaultTtl) throws ZoneLoadException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ZoneLoadException(SourceLocation.of(file), "cannot read zone file: " + e, e);
        }
        return new Scanner(file, bytes, origin, defaultTtl).scan();
    }

    /** The file's bytes with {@code $INCLUDE} lines blanked out. */
    byte[] bytes() {
        return bytes;
    }

    /** Whether 1-based {@code line} starts a record entry (a record, or a {@code $GENERATE}). */
    boolean startsEntry(int line) {
        return line > 0 && line < entryStarts.length && entryStarts[line];
    }

    List<Include> includes() {
        return includes;
    }

    /** One pass over the lines, tracking {@code $ORIGIN} and {@code $TTL} the way {@code Master} will. */
    private static final class Scanner {
        private final Path file;
        private final byte[] bytes;
        private Name origin;
        private long defaultTtl;
        private final List<Boolean> entryStarts = new ArrayList<>(List.of(false));
        private final List<Include> includes = new ArrayList<>();

        Scanner(Path file, byte[] bytes, Name origin, long defaultTtl) {
            this.file = file;
            this.bytes = bytes;
            this.origin = origin;
            this.defaultTtl = defaultTtl;
        }

        ZoneFileText scan() throws ZoneLoadException {
            int start = 0;
            int line = 1;
            while (start < bytes.length) {
                int end = start;
                while (end < bytes.length && bytes[end] != '\n') {
                    end++;
                }
                entryStarts.add(classify(line, start, end));
                start = end + 1;
                line++;
            }
            boolean[] starts = new boolean[entryStarts.size()];
            for (int i = 0; i < starts.length; i++) {
                starts[i] = entryStarts.get(i);
            }
            return new ZoneFileText(bytes, starts, List.copyOf(includes));
        }

        /** Returns whether the line starts an entry; handles the directives on the way. */
        private boolean classify(int line, int start, int end) throws ZoneLoadException {
            String text = new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
            if (!text.startsWith("$")) {
                String content = text.strip();
                return !content.isEmpty() && !content.startsWith(";");
            }
            String directive = text.split("[\\s;]", 2)[0].toUpperCase(Locale.ROOT);
            switch (directive) {
                case "$INCLUDE" -> {
                    includes.add(parseInclude(line, text));
                    Arrays.fill(bytes, start, end, (byte) ' ');
                }
                case "$ORIGIN" -> trackOrigin(text);
                case "$TTL" -> trackTtl(text);
                default -> {
                    // $GENERATE produces records; any other directive is Master's to reject.
                    return directive.equals("$GENERATE");
                }
            }
            return false;
        }

        private Include parseInclude(int line, String text) throws ZoneLoadException {
            SourceLocation where = new SourceLocation(file, line);
            try (Tokenizer tokens = new Tokenizer(text)) {
                tokens.getString();
                String target = tokens.getString();
                Tokenizer.Token next = tokens.get();
                // Like Master, an explicit include origin is read relative to the root.
                Name includeOrigin = next.isString() ? Name.fromString(next.value(), Name.root) : origin;
                Path dir = file.toAbsolutePath().getParent();
                return new Include(where, dir.resolve(target).normalize(), includeOrigin, defaultTtl);
            } catch (IOException | RuntimeException e) {
                // RuntimeException: a target that is no valid path here (InvalidPathException).
                throw new ZoneLoadException(where, "bad $INCLUDE: " + ZoneFileReader.reasonOf(e), e);
            }
        }

        private void trackOrigin(String text) {
            try (Tokenizer tokens = new Tokenizer(text)) {
                tokens.getString();
                // Master resolves a relative $ORIGIN against the root, not the previous origin: match it.
                origin = tokens.getName(Name.root);
            } catch (IOException | RuntimeException e) {
                // Master reports the same line with file and line when it reaches it.
            }
        }

        private void trackTtl(String text) {
            try (Tokenizer tokens = new Tokenizer(text)) {
                tokens.getString();
                defaultTtl = tokens.getTTL();
            } catch (IOException | RuntimeException e) {
                // Master reports the same line with file and line when it reaches it.
            }
        }
    }
}
