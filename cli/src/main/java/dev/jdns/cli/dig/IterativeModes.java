package dev.jdns.cli.dig;

import dev.jdns.cli.dig.trust.ChainOfTrust;
import dev.jdns.cli.dig.trust.ChainReport;
import dev.jdns.resolver.Resolution;
import dev.jdns.resolver.Resolver;
import dev.jdns.resolver.core.Question;
import dev.jdns.resolver.core.RootHints;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * {@code +trace} and {@code +explain}: both run the jdns resolver in process and print its events, so what is shown
 * is what jdns really does. A trace starts from empty caches every time (as dig walks from the root every time);
 * +explain keeps one resolver for the whole process, so a name asked twice shows the cache hit the second time.
 */
final class IterativeModes {

    private final IterationSetup setup;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Clock clock;
    private Resolver explainResolver;
    private ChainOfTrust chainOfTrust;

    IterativeModes(IterationSetup setup, PrintWriter out, PrintWriter err, Clock clock) {
        this.setup = setup;
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    void trace(DigRequest request, DigQuestion question, ServerChoice server)
            throws IOException, StubExchange.NoReplyException {
        IterationSetup setup = this.setup.forServer(request, server.socket());
        TracePrinter printer = new TracePrinter(out);
        RootHints hints = setup.rootHints(request, question.options(), server.socket(),
                reply -> printer.primingReply(reply, server.label()), err);
        if (!setup.rootHintsFromServer(request)) {
            printer.rootHints(nsRecords(hints), setup.rootHintsSource(request));
        }
        Resolver resolver = setup.resolver(request, question.options(), hints, setup.traceHostsFile());
        ZonesOnTheWay zones = new ZonesOnTheWay();
        resolver.resolve(toQuestion(question), true, printer.and(zones));
        if (question.options().dnssec) {
            printer.keySetsFollow();
            for (Name zone : zones.zones()) {
                resolver.resolve(Question.in(zone, Type.DNSKEY), true, printer);
            }
        }
    }

    /**
     * With DNSSEC asked (+dnssec or --trust-anchor), the resolver keeps DNSSEC records and the chain of trust
     * behind the answer is told after it; the first such question (re)builds the resolver that way.
     */
    void explain(DigRequest request, DigQuestion question, ServerChoice server)
            throws IOException, StubExchange.NoReplyException {
        boolean dnssec = setup.dnssecAsked(question.options());
        if (explainResolver == null || dnssec && chainOfTrust == null) {
            IterationSetup setup = this.setup.forServer(request, server.socket());
            RootHints hints = setup.rootHints(request, question.options(), server.socket(), reply -> { }, err);
            explainResolver = setup.resolver(request, question.options(), hints, setup.explainHostsFile());
            if (dnssec) {
                IterationSetup.Anchors anchors = setup.trustAnchors(request);
                chainOfTrust = new ChainOfTrust(explainResolver, anchors.anchors(), Optional.of(anchors.source()),
                        clock);
            }
        }
        ExplainRecorder recorder = new ExplainRecorder();
        long start = System.nanoTime();
        Resolution resolution = explainResolver.resolve(toQuestion(question), question.options().recurse, recorder,
                dnssec);
        Duration total = Duration.ofNanos(System.nanoTime() - start);
        Optional<ChainReport> chain = dnssec ? Optional.of(chainOfTrust.explain(toQuestion(question), resolution))
                : Optional.empty();
        ExplainPrinter printer = new ExplainPrinter(out);
        if (question.options().json) {
            printer.json(toQuestion(question), recorder.steps(), resolution, chain, total);
        } else {
            printer.text(toQuestion(question), recorder.steps(), resolution, chain, total);
        }
    }

    private static Question toQuestion(DigQuestion question) {
        return new Question(question.name(), question.type(), question.dclass());
    }

    private static List<Record> nsRecords(RootHints hints) {
        long ttl = hints.rootDelegation().ttlSeconds();
        return hints.servers().stream()
                .map(server -> (Record) new NSRecord(Name.root, DClass.IN, ttl, server.name()))
                .toList();
    }
}
