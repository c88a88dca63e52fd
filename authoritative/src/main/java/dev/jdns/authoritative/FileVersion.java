package dev.jdns.authoritative;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;

/**
 * What can be known of one version of a file without reading it: which file it is (the file key: device and inode
 * on Unix, {@code null} where the platform has none), its size and its modification time (at the file system's
 * full precision).
 */
record FileVersion(Object fileKey, long size, FileTime modified) {

    static FileVersion of(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return new FileVersion(attributes.fileKey(), attributes.size(), attributes.lastModifiedTime());
    }

    /**
     * Whether this is another file than {@code earlier}, now under the same name: what renaming a new file over
     * the old one gives. Unknown (no file keys) counts as the same file.
     */
    boolean replaces(FileVersion earlier) {
        return fileKey != null && earlier.fileKey != null && !Objects.equals(fileKey, earlier.fileKey);
    }
}
