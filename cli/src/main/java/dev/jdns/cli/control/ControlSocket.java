package dev.jdns.cli.control;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;

/**
 * The listening end of {@code --control PATH}: a Unix domain socket that only its owner can connect to.
 *
 * <p>A socket file is created by bind(2) with the process umask, so between bind and a chmod anyone the umask lets
 * in could connect. It is therefore bound inside a fresh directory of mode 0700 next to PATH (nobody else can
 * reach anything in it), set to 0600 there, and only then renamed to PATH: rename(2) is atomic, so PATH is never a
 * socket with a wider mode. A live server already at PATH (it accepts a connection) stops the start; a socket file
 * left by a crash (connection refused) is replaced by the rename. Closing removes PATH, unless another server has
 * put its own socket there since.
 */
final class ControlSocket implements AutoCloseable {

    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> PRIVATE_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final int BACKLOG = 16;

    private final Path path;
    private final ServerSocketChannel channel;
    private final Object fileKey;

    private ControlSocket(Path path, ServerSocketChannel channel, Object fileKey) {
        this.path = path;
        this.channel = channel;
        this.fileKey = fileKey;
    }

    /** @throws IOException when a live server listens at {@code path}, or it cannot be bound there */
    static ControlSocket bind(Path path) throws IOException {
        Path target = path.toAbsolutePath();
        refuseIfTaken(target);
        Path privateDirectory = Files.createTempDirectory(target.getParent(), ".jdns",
                PosixFilePermissions.asFileAttribute(PRIVATE_DIRECTORY));
        Path temporary = privateDirectory.resolve("s");
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(temporary), BACKLOG);
            Files.setPosixFilePermissions(temporary, OWNER_ONLY);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            return new ControlSocket(target, channel, attributes(target).fileKey());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        } finally {
            Files.deleteIfExists(temporary);
            Files.deleteIfExists(privateDirectory);
        }
    }

    Path path() {
        return path;
    }

    SocketChannel accept() throws IOException {
        return channel.accept();
    }

    @Override
    public void close() throws IOException {
        channel.close();
        try {
            if (Objects.equals(attributes(path).fileKey(), fileKey)) {
                Files.deleteIfExists(path);
            }
        } catch (NoSuchFileException gone) {
            // removed by hand already
        }
    }

    /** Refuses a live server's socket and anything that is not a socket; a stale socket file may be replaced. */
    private static void refuseIfTaken(Path target) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!attributes(target).isOther()) {
            throw new IOException(target + " exists and is not a socket");
        }
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(target))) {
            throw new IOException("another server is listening on " + target);
        } catch (ConnectException stale) {
            // Connection refused: nobody listens, a file left by a crash. The rename in bind() replaces it.
        }
    }

    private static BasicFileAttributes attributes(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }
}
