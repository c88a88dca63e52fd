package dev.jdns.resolver.hosts;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.jdns.resolver.core.FileStamp;
import dev.jdns.resolver.core.PeriodicCheck;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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

    private record Loaded(HostsTable table, FileStamp stamp) {}

    private final Path path;
    private final long ttlSeconds;
    private final PeriodicCheck changeCheck;
    private volatile Loaded loaded = new Loaded(HostsTable.EMPTY, FileStamp.MISSING);

    public HostsFile(Path path, Duration ttl, Ticker ticker) {
        this.path = Objects.requireNonNull(path, "path");
        this.ttlSeconds = ttl.toSeconds();
        this.changeCheck = new PeriodicCheck(ticker, CHECK_INTERVAL);
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
        // Only one thread pays for the stat; everyone else answers from the current table.
        if (changeCheck.due()) {
            reloadIfChanged();
        }
    }

    private void reloadIfChanged() {
        FileStamp stamp = stamp();
        if (stamp == null || stamp.equals(loaded.stamp())) {
            return;
        }
        if (stamp == FileStamp.MISSING) {
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

    /** The file's current stamp, {@link FileStamp#MISSING} when absent, null when it cannot be examined. */
    private FileStamp stamp() {
        try {
            return FileStamp.of(path);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot examine hosts file {0}: {1}", path, e.getMessage());
            return null;
        }
    }
}
