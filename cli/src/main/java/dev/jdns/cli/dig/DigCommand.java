package dev.jdns.cli.dig;

import dev.jdns.cli.log.LogSetup;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code jdns dig}: dig's syntax and output, plus {@code +explain}. picocli handles only the jdns-specific
 * {@code --long} options and help; dig's own arguments ({@code @server}, {@code +opt}, {@code -p}, words) do not fit
 * picocli's model, so they are collected unmatched and parsed by {@link DigArgumentParser}.
 */
@Command(
        name = "dig",
        mixinStandardHelpOptions = true,
        // dig's exit code for bad usage, returned by picocli's parameter handling too: 1, where the servers use 2.
        exitCodeOnInvalidInput = DigRunner.USAGE,
        usageHelpWidth = 110,
        description = {
            "Query a DNS server like dig, or show how jdns resolves a name (+trace, +explain).",
            "",
            "Arguments come in any order, as in dig:",
            "  @SERVER      server to query (default: first nameserver in /etc/resolv.conf)",
            "  -p PORT      server port (default 53)      -t TYPE / -c CLASS   type and class (or as bare words)",
            "  -x ADDR      reverse lookup (PTR)          -f FILE              batch file, one dig command per line",
            "  NAME [TYPE] [CLASS]  one query per NAME; default: NS for the root",
            "Query options (+opt, +noopt; unambiguous prefixes accepted):",
            "  +short +tcp +[no]rec +dnssec +[no]adflag +[no]cdflag +bufsize=N +time=N +tries=N +retry=N +nsid",
            "  +[no]cmd +[no]comments +[no]question +[no]answer +[no]authority +[no]additional +[no]all +[no]stats",
            "  +json         the reply as RFC 8427 JSON",
            "  +trace        iterate from the root with the jdns resolver, printing every reply as dig +trace does",
            "  +explain      resolve in process and explain each step: hosts file, cache, each upstream server,",
            "                CNAME restarts, final answer, total time (+explain +json for machines)",
            "  +dnssec       DO set: RRSIG, NSEC and NSEC3 records shown; with +trace, the DS of every referral and",
            "                then the DNSKEY set of every zone on the way; with +explain (or --trust-anchor), the chain",
            "                of trust zone by zone (DS -> DNSKEY -> RRSIG) and the verdict: secure, insecure (with",
            "                the NSEC/NSEC3 proof) or bogus (and why), beside the jdns validator's own verdict",
            "",
            "Where +trace and +explain start: --root-hints FILE if given; else @SERVER is asked for the root's NS set",
            "(as dig +trace does) and its glue addresses are used; else the IANA root hints. Every server address is",
            "then contacted on --upstream-port, else -p, else 53; --upstream-map FILE maps each address to a socket",
            "instead (lines 'ADDRESS IP:PORT' or 'ADDRESS PORT'). For a lab whose servers listen on one port on",
            "127.0.0.x:  jdns dig +trace @127.0.0.2 -p 5300 www.example.test",
            "",
            "Exit codes (as dig): 0 any reply (NXDOMAIN too), 1 usage error, 8 batch file unreadable, 9 no reply,",
            "10 internal error."
        })
public final class DigCommand implements Callable<Integer> {

    /** dnsjava's validator logs each bad signature as a warning with a stack trace; held so the level sticks. */
    private static final java.util.logging.Logger DNSSEC_VALIDATOR_LOG =
            java.util.logging.Logger.getLogger("org.xbill.DNS.dnssec");

    @Spec
    CommandSpec spec;

    @Option(names = "--root-hints", paramLabel = "FILE",
            description = "+trace/+explain: root NS set and addresses from this named.root file.")
    Path rootHints;

    @Option(names = "--upstream-port", paramLabel = "PORT",
            description = "+trace/+explain: contact every server address on this port (default: -p, else 53).")
    Integer upstreamPort;

    @Option(names = "--upstream-map", paramLabel = "FILE",
            description = "+trace/+explain: map server addresses to sockets ('ADDRESS IP:PORT' per line).")
    Path upstreamMap;

    @Option(names = "--hosts", paramLabel = "FILE",
            description = "+explain: hosts file of the resolver (default /etc/hosts); +trace reads none unless given.")
    Path hostsFile;

    @Option(names = "--trust-anchor", paramLabel = "FILE",
            description = "+explain: DS or DNSKEY records (zone-file syntax) the chain of trust starts from;"
                    + " repeatable."
                    + " Default: the IANA root anchor when walking from the IANA root hints, else none.")
    List<Path> trustAnchors = new ArrayList<>();

    @Unmatched
    List<String> digArguments = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LogSetup.configure("warning"); // dig's output is the answer; the resolver's INFO lines would be noise
        DNSSEC_VALIDATOR_LOG.setLevel(java.util.logging.Level.OFF); // +explain tells why a chain broke, in full
        try {
            DigRequest request = DigArgumentParser.parse(digArguments);
            IterationConfig config = new IterationConfig(Optional.ofNullable(rootHints),
                    Optional.ofNullable(upstreamPort), Optional.ofNullable(upstreamMap), Optional.ofNullable(hostsFile),
                    Optional.empty(), trustAnchors);
            return new DigRunner(out, err, config, version(), Clock.systemDefaultZone()).run(request);
        } catch (DigUsageException e) {
            err.println("jdns dig: " + e.getMessage() + " (try 'jdns dig --help')");
            return DigRunner.USAGE;
        } catch (RuntimeException e) {
            err.println("jdns dig: internal error: " + e);
            return DigRunner.INTERNAL_ERROR;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static String version() {
        String version = DigCommand.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
