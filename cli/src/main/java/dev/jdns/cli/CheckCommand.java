package dev.jdns.cli;

import dev.jdns.authoritative.ZoneLoadException.Problem;
import dev.jdns.authoritative.ZoneSetChecks;
import dev.jdns.authoritative.ZoneStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code jdns check}: the checks {@code jdns serve} makes when it loads zones, as a command for CI, plus the checks
 * across zones that a single-zone checker cannot make. Prints one {@code file:line: reason} line per problem, as
 * {@code named-checkzone} does, and exits 0 when there is none, 1 otherwise.
 */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Check zone files as jdns serve loads them (syntax, SOA and apex NS, CNAME beside other data, missing"
                    + " glue, records outside the zone), and against each other: zones their parent does not"
                    + " delegate, parent and child NS sets that differ (lame delegations), glue that disagrees with"
                    + " the name server's own zone, CNAMEs that point at names missing from a zone checked here.",
            "Prints file:line: reason per problem; exit 0 when there is none, 1 when there are problems."
        })
final class CheckCommand implements Callable<Integer> {

    static final int PROBLEMS_FOUND = 1;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ZONEFILE|DIR", arity = "1..*",
            description = "Zone files, or directories whose *.zone files are checked together.")
    List<Path> sources;

    @Override
    public Integer call() {
        return check("jdns check", sources, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** Checks the zones under {@code sources} and says so; also what {@code jdns serve --check} does. */
    static int check(String what, List<Path> sources, PrintWriter out, PrintWriter err) {
        List<Path> files;
        try {
            files = ZoneStore.zoneFilesToLoad(sources);
        } catch (IOException e) {
            err.println(what + ": " + e.getMessage());
            return Main.USAGE_ERROR;
        }
        ZoneSetChecks.Report report = ZoneSetChecks.check(files);
        report.problems().forEach(problem -> out.println(problem));
        int problems = report.problems().size();
        out.printf("%s: %d zone%s from %d file%s, %d problem%s%n", what, report.zones().size(),
                plural(report.zones().size()), files.size(), plural(files.size()), problems, plural(problems));
        out.flush();
        return problems == 0 ? 0 : PROBLEMS_FOUND;
    }

    private static String plural(int count) {
        return count == 1 ? "" : "s";
    }
}
