package dev.jdns.cli.dig;

import org.xbill.DNS.SimpleResolver;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A parsed command line (or batch line): where to ask, what, and how.
 *
 * @param server      the {@code @SERVER} argument as typed, empty for the default from /etc/resolv.conf
 * @param port        {@code -p}, or empty for 53
 * @param questions   the questions in order, each with its options; empty only when a batch file supplies them
 * @param options     the global options (those before the first name)
 * @param batchFile   {@code -f FILE}
 * @param commandLine the arguments as typed, for dig's banner line
 */
record DigRequest(Optional<String> server, Optional<Integer> port, List<DigQuestion> questions, DigOptions options,
        Optional<Path> batchFile, String commandLine) {

    int portOrDefault() {
        return port.orElse(SimpleResolver.DEFAULT_PORT);
    }
}
