package dev.jdns.cli.dig;

import dev.jdns.cli.lab.LabFiles;
import dev.jdns.cli.lab.LabRegistry;
import dev.jdns.cli.lab.Topology;
import dev.jdns.resolver.hosts.HostsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where {@code +trace} and {@code +explain} iterate: the jdns-only options that tell the in-process resolver
 * where the root is and which socket each server address really is.
 *
 * @param rootHints    a named.root file; without it the root NS set comes from {@code @SERVER} (as dig +trace)
 *                     or from the IANA hints in the jar
 * @param upstreamPort every server address is contacted on this port (default: {@code -p}, else 53)
 * @param upstreamMap  an address map file ({@link UpstreamMapFile}); overrides {@code upstreamPort}
 * @param hostsFile    the hosts file of the {@code +explain} resolver (default /etc/hosts; +trace uses none)
 * @param lab          the folder a running {@code jdns lab} published ({@link LabRegistry}) when this walks it
 * @param trustAnchors {@code --trust-anchor} files: where +explain's chain of trust starts
 */
record IterationConfig(Optional<Path> rootHints, Optional<Integer> upstreamPort, Optional<Path> upstreamMap,
        Optional<Path> hostsFile, Optional<Path> lab, List<Path> trustAnchors) {

    static final IterationConfig DEFAULTS = new IterationConfig(Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), List.of());

    IterationConfig {
        trustAnchors = List.copyOf(trustAnchors);
    }

    /** True when the user said where to walk: then no published lab is looked for. */
    boolean walkGiven() {
        return rootHints.isPresent() || upstreamPort.isPresent() || upstreamMap.isPresent();
    }

    /**
     * This config walking the lab published in {@code entry}: its address map and root hints, and, for a signed lab
     * ({@code jdns lab --dnssec}) when no {@code --trust-anchor} was given, the root anchor its resolver validates
     * from, so {@code +explain +dnssec} tells the lab's chain of trust with no more flags.
     */
    IterationConfig walkingLab(Path entry) {
        Path labAnchor = entry.resolve(LabFiles.TRUST_ANCHOR);
        List<Path> anchors = trustAnchors.isEmpty() && Files.isRegularFile(labAnchor) ? List.of(labAnchor)
                : trustAnchors;
        return new IterationConfig(Optional.of(entry.resolve(Topology.ROOT_HINTS)), Optional.empty(),
                Optional.of(entry.resolve(LabFiles.UPSTREAM_MAP)), hostsFile, Optional.of(entry), anchors);
    }

    /** The +explain hosts file: {@code --hosts}, else the lab resolver's, else the system's. */
    Path explainHostsFile() {
        return hostsFile.or(() -> lab.map(entry -> entry.resolve(Topology.HOSTS)))
                .orElse(HostsFile.DEFAULT_PATH);
    }
}
