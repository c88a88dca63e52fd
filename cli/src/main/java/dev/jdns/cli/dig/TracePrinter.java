package dev.jdns.cli.dig;

import dev.jdns.resolver.core.ResolutionEvent;
import dev.jdns.resolver.core.ResolutionObserver;
import dev.jdns.transport.client.DnsReply;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Prints {@code +trace} as dig does, from the jdns resolver's own events: for every reply, its answer and
 * authority records, then {@code ;; Received N bytes from ADDR#PORT(NAME) in T ms}. Steps dig cannot show
 * (alias restarts, NS addresses looked up, servers that failed, hosts and cache hits) are {@code ;;} comments.
 */
final class TracePrinter implements ResolutionObserver {

    private final PrintWriter out;

    TracePrinter(PrintWriter out) {
        this.out = out;
    }

    /** The root NS set the walk starts from, as received from {@code @SERVER}. */
    void primingReply(DnsReply reply, String serverAsGiven) {
        received(reply.message(), SocketText.of(reply.server()), serverAsGiven, reply.rtt(), "");
    }

    /** The root NS set the walk starts from, from a hints file. */
    void rootHints(List<Record> nsRecords, String source) {
        nsRecords.forEach(record -> out.println(RecordLayout.record(record)));
        out.println(";; Root hints from " + source);
        out.println();
    }

    /** +trace +dnssec: dig shows the DS of each referral; jdns then asks each zone on the way for its keys. */
    void keySetsFollow() {
        out.println(";; DNSKEY set of each zone on the way, with its RRSIGs"
                + " (jdns asks for them; dig +trace does not):");
        out.println();
        out.flush();
    }

    @Override
    public void on(ResolutionEvent event) {
        switch (event) {
            case ResolutionEvent.UpstreamReply reply ->
                    received(reply.reply(), SocketText.from(reply.address(), reply.server()), dotless(reply.serverName()),
                            reply.rtt(), SocketText.via(reply.address(), reply.server()));
            case ResolutionEvent.UpstreamFailure failure -> out.println(";; no reply from "
                    + (failure.server() != null ? SocketText.server(failure.address(), failure.server())
                            : failure.address().getHostAddress())
                    + "(" + dotless(failure.serverName()) + ") for " + failure.question() + ": " + failure.reason());
            case ResolutionEvent.AliasRestart alias -> out.println(";; " + alias.from().name() + " is an alias for "
                    + alias.target() + ": restarting at the hosts file (hop " + alias.hop() + ")\n");
            case ResolutionEvent.GluelessLookup glueless -> out.println(";; address of " + glueless.nameServer()
                    + " (NS of " + glueless.zone() + "): "
                    + (glueless.addresses().isEmpty() ? "none" : glueless.addresses().toString())
                    + (glueless.note() == null ? "" : " " + glueless.note()) + "\n");
            case ResolutionEvent.HostsHit hit -> out.println(";; " + hit.question() + " answered by the hosts file: "
                    + hit.records().size() + " records\n");
            case ResolutionEvent.PolicyHit hit -> out.println(";; " + hit.question() + " matches " + hit.trigger()
                    + " in policy zone " + hit.zone() + ": " + hit.action() + "\n");
            case ResolutionEvent.CacheHit hit -> out.println(";; " + hit.question() + " answered from the cache: "
                    + hit.what() + ", " + hit.remainingTtl() + " s left\n");
            case ResolutionEvent.FailureRemembered failure -> out.println(";; failure cached: " + FailureText.subject(
                    failure.zone(), failure.serverName(), failure.server()) + ": " + failure.what() + ", not asked for "
                    + FailureText.seconds(failure.backoff()) + " s\n");
            case ResolutionEvent.FailureCacheHit hit -> out.println(";; failure cached: " + FailureText.subject(
                    hit.zone(), hit.serverName(), hit.server()) + " not asked, " + FailureText.seconds(hit.left())
                    + " s left\n");
            case ResolutionEvent.RootPrimed primed -> out.println(";; root NS set primed (RFC 9609): "
                    + primed.nameServers() + ", for " + primed.ttlSeconds() + " s\n");
            case ResolutionEvent.StaleAnswer stale -> out.println(";; " + stale.question() + " answered from expired"
                    + " data (" + stale.what() + "): " + stale.why() + "\n");
            case ResolutionEvent.Outcome outcome when outcome.rcode() == Rcode.SERVFAIL ->
                    out.println(";; SERVFAIL: " + outcome.failure());
            default -> { } // misses, starting points, referrals and outcomes show in the replies themselves
        }
        out.flush();
    }

    /** dig's line, plus the socket really asked when upstream sockets are mapped ({@code via}). */
    private void received(Message reply, String from, String name, Duration rtt, String via) {
        Stream.concat(reply.getSection(Section.ANSWER).stream(), reply.getSection(Section.AUTHORITY).stream())
                .forEach(record -> out.println(RecordLayout.record(record)));
        out.println(";; Received " + reply.numBytes() + " bytes from " + from + "(" + name + ") in "
                + rtt.toMillis() + " ms" + via);
        out.println();
        out.flush();
    }

    /** dig names servers without the final dot: {@code (a.root-servers.net)}. */
    private static String dotless(Name name) {
        String text = name.toString();
        return text.length() > 1 && text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }
}
