package dev.jdns.resolver.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * What identifies one version of a file without reading it: its identity (inode), modification time and size. A
 * file that is replaced (written elsewhere and renamed over) or edited in place gets a new stamp.
 */
public record FileStamp(Object fileKey, FileTime modified, long size) {

    /** The stamp of a file that does not exist. */
    public static final FileStamp MISSING = new FileStamp(null, null, -1);

    /**
     * The file's current stamp, {@link #MISSING} when absent.
     *
     * @throws IOException when the file cannot be examined
     */
    public static FileStamp of(Path file) throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new FileStamp(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size());
        } catch (NoSuchFileException e) {
            return MISSING;
        }
    }
}
