package dev.jdns.cli.lab;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Optional;

/**
 * Where a running {@code jdns lab} publishes what {@code jdns dig +trace} and {@code +explain} need to walk it
 * (its address map, root hints and hosts file), keyed by the socket of the lab's resolver. So
 * {@code jdns dig @127.0.0.1 -p 5353 +trace NAME} finds the lab behind that socket by itself: no paths to copy.
 *
 * <p>The folder is per user: {@code $XDG_RUNTIME_DIR/jdns-lab} (a private, per-login folder on Linux), else
 * {@code jdns-lab-USER} in the temporary folder, created readable by its owner only. An entry is trusted only when
 * the folder and the entry belong to the current user and the lab that wrote it is still running (its process ID
 * is recorded), so a stale entry left by a killed lab, or one planted by another user, is never used.
 */
public final class LabRegistry {

    static final String PID_FILE = "pid";

    private final Path root;

    LabRegistry(Path root) {
        this.root = root;
    }

    public static LabRegistry forCurrentUser() {
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank() && Files.isDirectory(Path.of(runtime))) {
            return new LabRegistry(Path.of(runtime, "jdns-lab"));
        }
        return new LabRegistry(Path.of(System.getProperty("java.io.tmpdir"),
                "jdns-lab-" + System.getProperty("user.name")));
    }

    /** The entry of the lab whose resolver listens on {@code resolver}, if such a lab is running now. */
    public Optional<Path> find(InetSocketAddress resolver) {
        Path entry = entry(resolver);
        try {
            if (!ownedByMe(root) || !ownedByMe(entry)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(entry.resolve(PID_FILE)).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(alive -> entry);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The folder for the lab on {@code resolver}: created private, emptied of what a stale lab left in it. */
    Path prepare(InetSocketAddress resolver) throws IOException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(root, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        }
        if (!ownedByMe(root)) {
            throw new IOException(root + " belongs to another user: not publishing the lab there");
        }
        Path entry = entry(resolver);
        Files.createDirectories(entry);
        return entry;
    }

    Path entry(InetSocketAddress resolver) {
        return root.resolve(resolver.getAddress().getHostAddress() + "#" + resolver.getPort());
    }

    private static boolean ownedByMe(Path path) throws IOException {
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        UserPrincipal owner = Files.getOwner(path, LinkOption.NOFOLLOW_LINKS);
        return owner.getName().equals(System.getProperty("user.name"));
    }
}
