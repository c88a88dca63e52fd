package dev.jdns.authoritative;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;

/**
 * One zone's journal on disk: its differences as text blocks, each record in wire form (Base64) so nothing is
 * lost to a presentation-format round trip, each block closed by a CRC-32 of its lines.
 *
 * <pre>
 * diff FROM-SOA TO-SOA
 * - RECORD
 * + RECORD
 * end CRC
 * </pre>
 *
 * An append is written and forced to the device before {@link #append} returns. A block cut short by a crash (no
 * {@code end}, or a CRC that does not match) ends what is read, with a warning: the blocks before it are the
 * journal, and the owners rewrite the file without it when they open it, so it is never replayed half and never
 * hides what is appended after it.
 */
final class JournalFile {

    private static final System.Logger LOG = System.getLogger(JournalFile.class.getName());

    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder B64_IN = Base64.getDecoder();

    private final Path path;

    JournalFile(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    /** Appends {@code diff} and forces it to the device. */
    void append(ZoneDiff diff) throws IOException {
        byte[] block = encode(diff).getBytes(StandardCharsets.US_ASCII);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buffer = ByteBuffer.wrap(block);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    /** Replaces the file with exactly {@code diffs}, atomically (a temp file forced, then renamed over it). */
    void rewrite(List<ZoneDiff> diffs) throws IOException {
        Path temp = path.resolveSibling(path.getFileName() + ".tmp");
        StringBuilder text = new StringBuilder();
        diffs.forEach(diff -> text.append(encode(diff)));
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.US_ASCII));
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The whole blocks in the file, in order; none when there is no file. What follows them is logged. */
    List<ZoneDiff> read() throws IOException {
        if (!Files.exists(path)) {
            return List.of();
        }
        List<String> lines = Files.readAllLines(path, StandardCharsets.US_ASCII);
        List<ZoneDiff> diffs = new ArrayList<>();
        int whole = decode(lines, diffs);
        if (whole < lines.size()) {
            LOG.log(System.Logger.Level.WARNING, "{0}:{1}: no whole block from here on (cut short by a stop while"
                    + " writing it?): left out; the {2} whole blocks before it are used", path, whole + 1,
                    diffs.size());
        }
        return diffs;
    }

    static String encode(ZoneDiff diff) {
        StringBuilder block = new StringBuilder();
        block.append("diff ").append(wire(diff.from())).append(' ').append(wire(diff.to())).append('\n');
        diff.deleted().forEach(record -> block.append("- ").append(wire(record)).append('\n'));
        diff.added().forEach(record -> block.append("+ ").append(wire(record)).append('\n'));
        String crc = crc(block); // of the lines above "end", as decode checks it
        return block.append("end ").append(crc).append('\n').toString();
    }

    /** Whole, intact blocks up to the first that is not. */
    static List<ZoneDiff> decode(List<String> lines) {
        List<ZoneDiff> diffs = new ArrayList<>();
        decode(lines, diffs);
        return diffs;
    }

    /** Adds the whole, intact blocks up to the first that is not to {@code diffs}; returns the lines they take. */
    private static int decode(List<String> lines, List<ZoneDiff> diffs) {
        int next = 0;
        while (next < lines.size()) {
            int end = next;
            while (end < lines.size() && !lines.get(end).startsWith("end ")) {
                end++;
            }
            ZoneDiff diff = end < lines.size() ? block(lines.subList(next, end), lines.get(end)) : null;
            if (diff == null) {
                break;
            }
            diffs.add(diff);
            next = end + 1;
        }
        return next;
    }

    private static ZoneDiff block(List<String> lines, String endLine) {
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line).append('\n'));
        if (lines.isEmpty() || !endLine.equals("end " + crc(text))) {
            return null;
        }
        try {
            String[] head = lines.getFirst().split(" ");
            if (head.length != 3 || !head[0].equals("diff")) {
                return null;
            }
            List<Record> deleted = new ArrayList<>();
            List<Record> added = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                Record record = record(line.substring(2));
                (line.startsWith("- ") ? deleted : added).add(record);
            }
            return new ZoneDiff((SOARecord) record(head[1]), (SOARecord) record(head[2]), deleted, added);
        } catch (IOException | RuntimeException damaged) {
            return null; // a block with the right CRC that does not decode was not written by us
        }
    }

    private static String wire(Record record) {
        return B64.encodeToString(record.toWire(Section.ANSWER));
    }

    private static Record record(String base64) throws IOException {
        return Record.fromWire(B64_IN.decode(base64), Section.ANSWER);
    }

    static String crc(CharSequence text) {
        CRC32 crc = new CRC32();
        crc.update(text.toString().getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().toHexDigits((int) crc.getValue());
    }
}
