package dev.jdns.authoritative;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Decides when a zone file that changed may be read, so that a file still being written is never loaded
 * half-written (a half-written zone answers NXDOMAIN for the names still to come, and resolvers cache that).
 *
 * <p>A file renamed over the old one (another file key: a new inode) is complete by construction, the way
 * editors and deployment tools save, and is read at once. A file changed in place may still be growing, even
 * after a pause of its writer; it is read only once it has stayed the same (size, modification time and a
 * digest of its content) for the settle period. A file not seen before cannot be told apart, so it settles too.
 * Not thread-safe: {@link ZoneStore} calls it under its lock.
 */
final class SettleGate {

    /** What to do with a file now. */
    enum Verdict {
        /** The version last read is still there. */
        UNCHANGED,
        /** Changed in place, and not yet unchanged for the settle period. */
        WAIT,
        /** Safe to read now. */
        READ
    }

    /** A version seen in place, since when, and what its bytes were then. */
    private record Pending(FileVersion version, byte[] digest, long sinceNanos) {}

    private static final int DIGEST_BUFFER = 64 * 1024;

    private final Duration period;
    private final LongSupplier nanoClock;
    private final Map<Path, Pending> pending = new HashMap<>();

    /**
     * @param period how long a file changed in place must stay unchanged; zero reads every change at once
     * @param nanoClock monotonic nanoseconds ({@code System::nanoTime}; tests move their own)
     */
    SettleGate(Duration period, LongSupplier nanoClock) {
        if (period.isNegative()) {
            throw new IllegalArgumentException("settle period must not be negative: " + period);
        }
        this.period = period;
        this.nanoClock = nanoClock;
    }

    /** Whether {@code file}, now at {@code current}, should be read; {@code lastRead} is the version read last. */
    Verdict verdict(Path file, FileVersion current, Optional<FileVersion> lastRead) {
        if (lastRead.isPresent() && current.equals(lastRead.get())) {
            pending.remove(file);
            return Verdict.UNCHANGED;
        }
        if (period.isZero() || lastRead.isPresent() && current.replaces(lastRead.get())) {
            pending.remove(file);
            return Verdict.READ;
        }
        long now = nanoClock.getAsLong();
        Pending seen = pending.get(file);
        if (seen == null || !seen.version().equals(current)) {
            pending.put(file, new Pending(current, digest(file), now));
            return Verdict.WAIT;
        }
        if (now - seen.sinceNanos() < period.toNanos()) {
            return Verdict.WAIT;
        }
        // Size and time can stay put while bytes change (a coarse clock, a rewrite of equal length): the digest
        // taken when the version was first seen must still match.
        byte[] digest = digest(file);
        if (!Arrays.equals(digest, seen.digest())) {
            pending.put(file, new Pending(current, digest, now));
            return Verdict.WAIT;
        }
        pending.remove(file);
        return Verdict.READ;
    }

    /** Forgets files that are gone. */
    void retain(Collection<Path> present) {
        pending.keySet().retainAll(present);
    }

    /** SHA-256 of the file's bytes; empty when it cannot be read now (reading it later reports why). */
    private static byte[] digest(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[DIGEST_BUFFER];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                sha.update(buffer, 0, n);
            }
            return sha.digest();
        } catch (IOException e) {
            return new byte[0];
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
