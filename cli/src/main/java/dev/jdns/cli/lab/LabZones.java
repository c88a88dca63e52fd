package dev.jdns.cli.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where the lab's zone files come from: the folder the user names, else {@code zones/} of the checkout when the
 * command runs from it (so edits there are what the lab serves), else the copy built into the jar, unpacked into a
 * temporary folder that is deleted on exit (the servers and the resolver read plain files).
 */
public final class LabZones {

    /** The folder the build copies {@code ../zones} into (see cli/pom.xml). */
    static final String EMBEDDED_FOLDER = "dev/jdns/cli/lab/zones";
    /** A checkout's zones folder, relative to the working directory. */
    static final Path CHECKOUT_ZONES = Path.of("zones");

    private LabZones() {}

    /** A description for the start-up banner: which folder is served and why. */
    public record Source(Path directory, String description) {}

    public static Source locate(Path explicit) throws IOException {
        if (explicit != null) {
            return new Source(explicit.toAbsolutePath().normalize(), "--zones");
        }
        if (Files.isRegularFile(CHECKOUT_ZONES.resolve(Topology.ROOT_HINTS))) {
            return new Source(CHECKOUT_ZONES.toAbsolutePath().normalize(), "zones/ of this checkout");
        }
        return new Source(unpackEmbedded(), "built into the jar");
    }

    /** Copies the embedded zone folder out of the jar (or the classes folder) into a new temporary folder. */
    static Path unpackEmbedded() throws IOException {
        URL marker = LabZones.class.getClassLoader().getResource(EMBEDDED_FOLDER + "/" + Topology.ROOT_HINTS);
        if (marker == null) {
            throw new IOException("this jar holds no lab zones (" + EMBEDDED_FOLDER + "); use --zones DIR");
        }
        Path target = Files.createTempDirectory("jdns-lab-zones-");
        target.toFile().deleteOnExit();
        URI uri = toUri(marker);
        if ("jar".equals(uri.getScheme())) {
            copyFromJar(uri, target);
        } else {
            copyFolder(Path.of(uri).getParent(), target);
        }
        return target;
    }

    private static void copyFromJar(URI uri, Path target) throws IOException {
        FileSystem jar;
        boolean ours;
        try {
            jar = FileSystems.newFileSystem(uri, Map.of());
            ours = true;
        } catch (FileSystemAlreadyExistsException e) {
            jar = FileSystems.getFileSystem(uri);
            ours = false;
        }
        try {
            copyFolder(jar.provider().getPath(uri).getParent(), target);
        } finally {
            if (ours) {
                jar.close();
            }
        }
    }

    private static void copyFolder(Path from, Path to) throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(from)) {
            files = listing.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            Path copy = to.resolve(file.getFileName().toString());
            Files.copy(file, copy);
            copy.toFile().deleteOnExit();
        }
    }

    private static URI toUri(URL url) {
        try {
            return url.toURI();
        } catch (URISyntaxException e) {
            throw new UncheckedIOException(new IOException("bad resource URL " + url, e));
        }
    }
}
