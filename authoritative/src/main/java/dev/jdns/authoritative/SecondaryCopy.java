package dev.jdns.authoritative;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * A secondary zone's copy on disk, {@code DIR/ORIGIN.zone}: an ordinary zone file (absolute names, one record a
 * line), so a restarted server serves it before the primary is back, and an operator can read it. Written whole
 * to a temporary file, forced to the device, then renamed over the old copy (and the directory forced), so a
 * crash leaves the old copy or the new one, never a mix.
 *
 * <p>When the copy was last confirmed current by the primary is the file's modification time, as BIND keeps it:
 * touched at every successful refresh, read at start to know how much of the SOA expire time is left.
 */
final class SecondaryCopy {

    private static final Logger LOG = System.getLogger(SecondaryCopy.class.getName());

    /** A copy read back, and when the primary last confirmed it. */
    record Saved(LoadedZone zone, Instant confirmed) {}

    private final Name origin;
    private final Path file;

    SecondaryCopy(Path directory, Name origin) {
        this.origin = origin;
        this.file = directory.resolve(StateFiles.stem(origin) + ZoneStore.ZONE_FILE_SUFFIX);
    }

    Path path() {
        return file;
    }

    /** The saved copy, checked as any zone file is; empty when there is none or it does not load (logged). */
    Optional<Saved> read() {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            Instant confirmed = Files.getLastModifiedTime(file).toInstant();
            return Optional.of(new Saved(ZoneLoader.load(file, origin), confirmed));
        } catch (ZoneLoadException | IOException e) {
            LOG.log(Level.WARNING, "{0}: saved copy not usable, waiting for a transfer: {1}", origin,
                    e.getMessage());
            return Optional.empty();
        }
    }

    /** Replaces the copy with {@code zone}, atomically, confirmed at {@code now}. */
    void write(LoadedZone zone, Instant now) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(text(zone).getBytes(StandardCharsets.UTF_8));
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        Files.setLastModifiedTime(temp, FileTime.from(now));
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory();
    }

    /** Records that the primary confirmed the copy current at {@code now}. */
    void confirm(Instant now) throws IOException {
        if (Files.isRegularFile(file)) {
            Files.setLastModifiedTime(file, FileTime.from(now));
        }
    }

    /** Removes the copy, if there is one. */
    void delete() throws IOException {
        Files.deleteIfExists(file);
        forceDirectory();
    }

    /** The zone as a file: the SOA first, then every other record, in presentation form. */
    static String text(LoadedZone zone) {
        StringBuilder text = new StringBuilder(64 * (zone.recordCount() + 2));
        text.append("; secondary copy of ").append(zone.origin()).append(" serial ").append(zone.soa().getSerial())
                .append(", written by jdns serve\n");
        text.append(zone.soa()).append('\n');
        for (Record record : ZoneTransfer.recordsBesidesSoa(zone)) {
            text.append(record).append('\n');
        }
        return text.toString();
    }

    /** The rename reaches the disk only once the directory does (POSIX); where that cannot be opened, skip it. */
    private void forceDirectory() {
        try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException notSupported) {
            LOG.log(Level.DEBUG, "cannot force directory {0}: {1}", file.getParent(), notSupported.getMessage());
        }
    }
}
