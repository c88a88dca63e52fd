package dev.jdns.resolver.policy;

import dev.jdns.resolver.core.FileStamp;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One {@code --rpz} file and the policy zone last read from it. {@link #reloadIfChanged} reads the file again when
 * its stamp (identity, modification time, size) changed; a file that no longer parses, or is gone, is reported as
 * {@code file:line: reason} and the last good policy stays in force (as a zone server keeps serving its last good
 * zone). Not thread-safe for reloads: {@link ResponsePolicy} lets one thread at a time reload.
 */
final class PolicyFile {

    private static final Logger LOG = System.getLogger(PolicyFile.class.getName());

    private final Path path;
    private volatile PolicyZone zone;
    /** The stamp of the version last tried, good or not, so a broken file is reported once, not every check. */
    private FileStamp tried;

    /** @throws PolicyZoneException when the file is not a usable policy zone: a resolver does not start so */
    PolicyFile(Path path) throws PolicyZoneException {
        this.path = Objects.requireNonNull(path, "path");
        try {
            this.tried = FileStamp.of(path);
        } catch (IOException e) {
            throw new PolicyZoneException(path + ": " + e.getMessage(), e);
        }
        this.zone = PolicyZoneParser.parse(path);
        LOG.log(Level.INFO, "policy zone {0} from {1}: {2} triggers", zone.origin(), path, zone.size());
    }

    PolicyZone zone() {
        return zone;
    }

    /** Reads the file again if it changed; true when a new policy took effect. */
    boolean reloadIfChanged() {
        FileStamp stamp;
        try {
            stamp = FileStamp.of(path);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "{0}: cannot examine the policy zone file, keeping the last good policy: {1}",
                    path, e.getMessage());
            return false;
        }
        if (stamp.equals(tried)) {
            return false;
        }
        tried = stamp;
        try {
            zone = PolicyZoneParser.parse(path);
        } catch (PolicyZoneException e) {
            LOG.log(Level.WARNING, "{0}; keeping the last good policy of {1} ({2} triggers)", e.getMessage(),
                    zone.origin(), zone.size());
            return false;
        }
        LOG.log(Level.INFO, "policy zone {0} reloaded from {1}: {2} triggers", zone.origin(), path, zone.size());
        return true;
    }
}
