package dev.jdns.cli.dig;

import java.nio.file.Path;
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
 */
record IterationConfig(Optional<Path> rootHints, Optional<Integer> upstreamPort, Optional<Path> upstreamMap,
        Optional<Path> hostsFile) {

    static final IterationConfig DEFAULTS = new IterationConfig(Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());
}
