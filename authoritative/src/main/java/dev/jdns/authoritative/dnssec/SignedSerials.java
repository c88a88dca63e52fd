package dev.jdns.authoritative.dnssec;

import dev.jdns.authoritative.StateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.xbill.DNS.Name;
import org.xbill.DNS.Serial;

/**
 * The SOA serial of each signed zone, kept so that what the server publishes never goes back, across re-signs,
 * reloads and restarts (the "increment" serial policy of Knot DNS): a signed copy takes the file's serial when
 * that is newer (RFC 1982 arithmetic) than the last one served, else the last one plus one. A re-signed zone
 * therefore always gets a new serial, so secondaries transfer the fresh signatures. The last serial lives in
 * {@code <state-dir>/<zone>.serial}.
 */
final class SignedSerials {

    private final Path stateDir;

    SignedSerials(Path stateDir) {
        this.stateDir = stateDir;
    }

    /** The serial for the next signed copy of {@code zone} whose file says {@code fileSerial}; remembered. */
    synchronized long next(Name zone, long fileSerial) throws IOException {
        Path file = file(zone);
        long serial = fileSerial;
        if (Files.isRegularFile(file)) {
            long last = parse(file);
            if (Serial.compare(fileSerial, last) <= 0) {
                serial = Serial.increment(last);
            }
        }
        Files.createDirectories(stateDir);
        Path temp = Files.createTempFile(stateDir, ".tmp-", ".serial");
        Files.writeString(temp, serial + "\n");
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return serial;
    }

    private static long parse(Path file) throws IOException {
        String text = Files.readString(file).trim();
        try {
            long serial = Long.parseLong(text);
            if (serial < 0 || serial > 0xFFFFFFFFL) {
                throw new NumberFormatException("out of range");
            }
            return serial;
        } catch (NumberFormatException e) {
            throw new IOException(file + ": not a serial: '" + text + "'");
        }
    }

    private Path file(Name zone) {
        return stateDir.resolve(StateFiles.stem(zone) + ".serial");
    }
}
