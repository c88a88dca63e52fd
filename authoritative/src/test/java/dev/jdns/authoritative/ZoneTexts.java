package dev.jdns.authoritative;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes zone texts to files (in a test's temporary directory) and loads them. */
final class ZoneTexts {

    /** An SOA with TTL 3600 and MINIMUM 300, for zones whose apex is {@code @}. */
    static final String SOA = "@ 3600 IN SOA ns1.example.net. hostmaster.example.net. 1 7200 3600 1209600 300\n";

    private ZoneTexts() {}

    static Path write(Path dir, String fileName, String text) throws IOException {
        Path file = dir.resolve(fileName);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    static LoadedZone load(Path dir, String fileName, String text) throws IOException, ZoneLoadException {
        return ZoneLoader.load(write(dir, fileName, text));
    }
}
