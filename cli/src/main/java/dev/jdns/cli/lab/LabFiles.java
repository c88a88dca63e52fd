package dev.jdns.cli.lab;

import dev.jdns.resolver.validate.TrustAnchors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * What {@code jdns dig +trace} and {@code +explain} need to walk a running lab from another process: the address
 * map (each simulated server address -> the loopback socket it really listens on, in the format of
 * {@code jdns dig --upstream-map}), and copies of the lab resolver's root hints and hosts file, all in one folder so
 * the example commands stay short; for a signed lab ({@code --dnssec}) also the root trust anchor the resolver
 * validates from ({@value #TRUST_ANCHOR}). Without a map, the in-dig resolver would send packets to the simulated
 * addresses themselves; with it, every other address is unreachable and nothing leaves the machine.
 *
 * <p>The published copy ({@link LabRegistry}) is removed when the lab stops ({@link #close()}, or at JVM exit as a
 * fallback); a folder the user chose is left with the files in it, since they asked for them there.
 */
public final class LabFiles implements AutoCloseable {

    public static final String UPSTREAM_MAP = "upstream.map";
    /** The signed lab's root trust anchor ({@code jdns lab --dnssec}), as {@code --trust-anchor} reads it. */
    public static final String TRUST_ANCHOR = "root.anchor";

    private final Path directory;
    private final boolean temporary;

    private LabFiles(Path directory, boolean temporary) {
        this.directory = directory;
        this.temporary = temporary;
    }

    /** Writes the files into {@code directory} (created if missing); existing files of those names are replaced. */
    public static LabFiles write(Topology topology, LabNetwork network, Path directory) throws IOException {
        Path dir = directory.toAbsolutePath().normalize();
        Files.createDirectories(dir);
        LabFiles files = new LabFiles(dir, false);
        files.writeAll(topology, network);
        return files;
    }

    /**
     * Publishes the files in {@code registry}, under the lab resolver's socket, where {@code jdns dig} finds them
     * by itself; {@link #close()} deletes them, and the recorded process ID lets dig ignore them if the lab dies
     * without closing.
     */
    public static LabFiles publish(Topology topology, LabNetwork network, LabRegistry registry) throws IOException {
        Path dir = registry.prepare(network.resolverAddress());
        dir.toFile().deleteOnExit(); // registered before the files: deleteOnExit runs in reverse order
        LabFiles files = new LabFiles(dir, true);
        try {
            files.writeAll(topology, network);
            files.created(Files.writeString(dir.resolve(LabRegistry.PID_FILE), ProcessHandle.current().pid() + "\n"));
        } catch (IOException e) {
            files.close();
            throw e;
        }
        return files;
    }

    private void writeAll(Topology topology, LabNetwork network) throws IOException {
        created(Files.writeString(upstreamMap(), mapText(network)));
        created(Files.copy(topology.rootHints(), rootHints(), StandardCopyOption.REPLACE_EXISTING));
        created(Files.copy(topology.hostsFile(), hosts(), StandardCopyOption.REPLACE_EXISTING));
        if (!network.trustAnchors().isEmpty()) {
            created(Files.writeString(trustAnchor(), anchorText(network.trustAnchors())));
        }
    }

    /** Trust anchors in zone-file syntax, the format {@code jdns resolver --trust-anchor} and Unbound read. */
    public static String anchorText(TrustAnchors anchors) {
        StringBuilder text = new StringBuilder("; jdns lab --dnssec: the root's DS, made for this run\n");
        anchors.rrsets().forEach(set -> set.rrs(false).forEach(record -> text.append(record).append('\n')));
        return text.toString();
    }

    private void created(Path file) {
        if (temporary) {
            file.toFile().deleteOnExit();
        }
    }

    /** One line per server: {@code ADDRESS IP:PORT  # name}, the format {@code jdns dig --upstream-map} reads. */
    static String mapText(LabNetwork network) {
        StringBuilder text = new StringBuilder("""
                # jdns lab: where each simulated name server really listens (simulated address -> loopback socket).
                # For jdns dig +trace/+explain --upstream-map; addresses not listed here are never contacted.
                """);
        for (LabNetwork.RunningServer running : network.servers()) {
            String host = running.localSocket().getAddress().getHostAddress();
            String socket = (host.contains(":") ? "[" + host + "]" : host) + ":" + running.localSocket().getPort();
            text.append(String.format("%-15s %-21s # %s%n", running.server().address().getHostAddress(), socket,
                    running.server().displayName()));
        }
        return text.toString();
    }

    public Path directory() {
        return directory;
    }

    public Path upstreamMap() {
        return directory.resolve(UPSTREAM_MAP);
    }

    public Path rootHints() {
        return directory.resolve(Topology.ROOT_HINTS);
    }

    /** The root trust anchor: written only when the lab is signed. */
    public Path trustAnchor() {
        return directory.resolve(TRUST_ANCHOR);
    }

    public Path hosts() {
        return directory.resolve(Topology.HOSTS);
    }

    /** True when the folder is the lab's published one, deleted when the lab stops. */
    public boolean temporary() {
        return temporary;
    }

    /** Deletes a temporary folder and its files; a folder given by the user is kept. */
    @Override
    public void close() throws IOException {
        if (!temporary) {
            return;
        }
        for (Path file : List.of(upstreamMap(), rootHints(), hosts(), trustAnchor(),
                directory.resolve(LabRegistry.PID_FILE))) {
            Files.deleteIfExists(file);
        }
        Files.deleteIfExists(directory);
    }
}
