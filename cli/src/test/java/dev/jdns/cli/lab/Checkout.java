package dev.jdns.cli.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Paths of this jdns checkout, as seen from the cli module (the working directory of its tests). */
public final class Checkout {

    private Checkout() {}

    public static Path root() {
        String fromBuild = System.getProperty("jdns.checkout");
        return (fromBuild != null ? Path.of(fromBuild) : Path.of("..")).toAbsolutePath().normalize();
    }

    public static Path zones() {
        return root().resolve("zones");
    }

    static Path composeFile() {
        return root().resolve(ComposeFile.FILE_NAME);
    }

    /** A copy of zones/ in {@code target}, for tests that change a file. */
    public static Path copyOfZones(Path target) throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(zones())) {
            files = listing.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            Files.copy(file, target.resolve(file.getFileName().toString()));
        }
        return target;
    }
}
