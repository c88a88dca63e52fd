package dev.jdns.resolver.hosts;

import com.github.benmanes.caffeine.cache.Ticker;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;

/**
 * The first stage of the resolver pipeline: names from a hosts file (default {@code /etc/hosts}) answered locally.
 * A name the file lists is owned by it: A/AAAA queries get every address the file gives the name, other types get
 * NODATA, and each address's reverse name gets a PTR. Names the file does not list fall through to the cache.
 *
 * <p>The file is re-read when its modification time, size or identity (inode) changes; that check is one
 * {@code stat} at most every {@link #CHECK_INTERVAL}, done by one thread while the others keep answering from the
 * current table. A missing file is an empty table; an unreadable one keeps the last good table. Thread-safe.
 */
public final class HostsFile {

    private static final Logger LOG = System.getLogger(HostsFile.class.getName());

    public static final Path DEFAULT_PATH = Path.of("/etc/hosts");
    /**
     * TTL of hosts answers: 3600 s, as Unbound's local-data default, so differential tests against Unbound agree and
     * downstream caches do not re-ask for names that rarely change. Configurable through the constructor.
     */
    public static final Duration DEFAULT_TTL = Duration.ofHours(1);
    public static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

    /** What identifies one version of the file without reading it. */
    private record Stamp(Object fileKey, FileTime modified, long size) {
        static final Stamp MISSING = new Stamp(null, null, -1);
    }

    private record Loaded(HostsTable table, Stamp stamp) {}

    private final Path path;
    private final long ttlSeconds;
    private final Ticker ticker;
    private final AtomicLong nextCheckNanos;
    private volatile Loaded loaded = new Loaded(HostsTable.EMPTY, Stamp.MISSING);

    public HostsFile(Path path, Duration ttl, Ticker ticker) {
        this.path = Objects.requireNonNull(path, "path");
        this.ttlSeconds = ttl.toSeconds();
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.nextCheckNanos = new AtomicLong(ticker.read() + CHECK_INTERVAL.toNanos());
        reloadIfChanged();
    }

    public HostsFile(Path path) {
        this(path, DEFAULT_TTL, Ticker.systemTicker());
    }

    /**
     * The hosts file's answer: empty when it does not own {@code name} (or the class is not IN), otherwise the
     * records of {@code type} (an empty list means NODATA).
     */
    public Optional<HostsAnswer> lookup(Name name, int type, int dclass) {
        checkForChanges();
        if (dclass != DClass.IN && dclass != DClass.ANY) {
            return Optional.empty();
        }
        return loaded.table().lookup(name, type);
    }

    /**
     * The current version of the file's table, after the same change check as {@link #lookup}: its identity changes
     * when the file is re-read, so answers kept elsewhere (the front end's packet cache) can tell they are stale.
     */
    public Object generation() {
        checkForChanges();
        return loaded;
    }

    public Path path() {
        return path;
    }

    private void checkForChanges() {
        long now = ticker.read();
        long due = nextCheckNanos.get();
        // Only the thread that wins the CAS pays for the stat; everyone else answers from the current table.
        if (now - due >= 0 && nextCheckNanos.compareAndSet(due, now + CHECK_INTERVAL.toNanos())) {
            reloadIfChanged();
        }
    }

    private void reloadIfChanged() {
        Stamp stamp = stamp();
        if (stamp == null || stamp.equals(loaded.stamp())) {
            return;
        }
        if (stamp == Stamp.MISSING) {
            LOG.log(Level.WARNING, "hosts file {0} is missing: no names answered from it", path);
            loaded = new Loaded(HostsTable.EMPTY, stamp);
            return;
        }
        try {
            // ISO-8859-1 decodes every byte, so a stray non-UTF-8 byte cannot make the whole file unreadable.
            List<String> lines = Files.readAllLines(path, StandardCharsets.ISO_8859_1);
            HostsTable table = HostsFileParser.parse(lines, ttlSeconds, path.toString());
            loaded = new Loaded(table, stamp);
            LOG.log(Level.INFO, "hosts file {0}: {1} names and reverse names", path, table.ownerCount());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot read hosts file {0}, keeping the previous version: {1}", path, e);
        }
    }

    /** The file's current stamp, {@link Stamp#MISSING} when absent, null when it cannot be examined. */
    private Stamp stamp() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            return new Stamp(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size());
        } catch (NoSuchFileException e) {
            return Stamp.MISSING;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot examine hosts file {0}: {1}", path, e.getMessage());
            return null;
        }
    }
}
