package dev.jdns.authoritative;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * Reads the records of a zone file and of the files it includes with dnsjava's {@code Master} (which handles
 * {@code $ORIGIN}, {@code $TTL}, {@code $GENERATE}, owner and TTL inheritance), each record tagged with its
 * file and line. Syntax errors become {@link ZoneLoadException}s located at {@code file:line}.
 */
final class ZoneFileReader {

    /** Deeper nesting than this is almost certainly a mistake; BIND and NSD have similar limits. */
    static final int MAX_INCLUDE_DEPTH = 10;

    /** dnsjava's tokenizer prefixes its messages with "name:line: "; for a stream the name is "<none>". */
    private static final Pattern TOKENIZER_MESSAGE = Pattern.compile("^<none>:(\\d+): ?(.*)$", Pattern.DOTALL);

    private ZoneFileReader() {}

    /** All records of {@code file} and its includes, read with {@code origin} as the initial origin. */
    static List<SourcedRecord> read(Path file, Name origin) throws ZoneLoadException {
        List<SourcedRecord> records = new ArrayList<>();
        readFile(file, origin, -1, new ArrayDeque<>(), records);
        return records;
    }

    private static void readFile(Path file, Name origin, long defaultTtl, Deque<Path> includedFrom,
                                 List<SourcedRecord> out) throws ZoneLoadException {
        ZoneFileText text = ZoneFileText.read(file, origin, defaultTtl);
        ZoneFileInput input = new ZoneFileInput(text);
        try (Master master = new Master(input, origin, defaultTtl)) {
            Record record;
            while ((record = master.nextRecord()) != null) {
                out.add(new SourcedRecord(record, new SourceLocation(file, input.takeEntryLine())));
            }
        } catch (IOException | RuntimeException e) {
            // dnsjava reports bad input as IOException, IllegalArgumentException (RelativeNameException,
            // InvalidTTLException and friends) and, for some malformed $GENERATE and rdata, other runtime
            // exceptions: whatever it throws, the file is what is wrong, so it is reported at its line.
            throw located(file, input.failingLine(), e);
        }
        includedFrom.push(file.toAbsolutePath().normalize());
        for (ZoneFileText.Include include : text.includes()) {
            checkInclude(include, includedFrom);
            readFile(include.file(), include.origin(), include.defaultTtl(), includedFrom, out);
        }
        includedFrom.pop();
    }

    private static void checkInclude(ZoneFileText.Include include, Deque<Path> includedFrom)
            throws ZoneLoadException {
        if (includedFrom.contains(include.file())) {
            throw new ZoneLoadException(include.where(), "$INCLUDE loop: " + include.file() + " includes itself");
        }
        if (includedFrom.size() >= MAX_INCLUDE_DEPTH) {
            throw new ZoneLoadException(include.where(), "$INCLUDE nested deeper than " + MAX_INCLUDE_DEPTH);
        }
        if (!Files.isReadable(include.file())) {
            throw new ZoneLoadException(include.where(), "cannot read included file " + include.file());
        }
    }

    /** A parse error at the line dnsjava named, or else at the line the reader had reached. */
    private static ZoneLoadException located(Path file, int fallbackLine, Exception e) {
        String message = String.valueOf(e.getMessage());
        Matcher m = TOKENIZER_MESSAGE.matcher(message);
        if (m.matches()) {
            return new ZoneLoadException(new SourceLocation(file, Integer.parseInt(m.group(1))), m.group(2), e);
        }
        return new ZoneLoadException(new SourceLocation(file, fallbackLine), reasonOf(e), e);
    }

    /** The reason in an exception from dnsjava, without a tokenizer position prefix. */
    static String reasonOf(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Matcher m = TOKENIZER_MESSAGE.matcher(message);
        return m.matches() ? m.group(2) : message;
    }
}
