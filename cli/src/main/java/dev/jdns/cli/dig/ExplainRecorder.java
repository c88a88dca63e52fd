package dev.jdns.cli.dig;

import dev.jdns.resolver.core.Question;
import dev.jdns.resolver.core.ResolutionEvent;
import dev.jdns.resolver.core.ResolutionObserver;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the resolver's events into the steps a lookup takes, in the order the resolver takes them: hosts file hit or miss, cache hit (with the
 * TTL left) or miss, where iteration starts, each upstream reply (zone, server, address, what it answered, time),
 * referrals, alias restarts. Each step has a sentence for people and a JSON object for machines.
 */
final class ExplainRecorder implements ResolutionObserver {

    /** One step: {@code text} for +explain, {@code json} for +explain +json. */
    record Step(String text, Map<String, Object> json) {}

    private final List<Step> steps = Collections.synchronizedList(new ArrayList<>());

    List<Step> steps() {
        return List.copyOf(steps);
    }

    @Override
    public void on(ResolutionEvent event) {
        switch (event) {
            case ResolutionEvent.HostsHit hit -> add("hosts file: hit for " + hit.question() + ", "
                    + hit.records().size() + " records" + (hit.records().isEmpty() ? " (NODATA)" : ""),
                    "hosts", "hit", "question", hit.question().toString(), "records", hit.records().size());
            case ResolutionEvent.CacheMiss miss -> {
                hostsMiss(miss.question());
                add("cache: miss for " + miss.question(), "cache", "miss", "question", miss.question().toString());
            }
            case ResolutionEvent.CacheHit hit -> {
                hostsMiss(hit.question());
                add("cache: hit for " + hit.question() + ": " + hit.what() + ", " + hit.remainingTtl() + " s left",
                        "cache", "hit", "question", hit.question().toString(), "what", hit.what(),
                        "remainingTtl", hit.remainingTtl());
            }
            case ResolutionEvent.StartingPoint start -> add("iterate: start at zone " + start.zone()
                    + (start.fromRootHints() ? " (root hints)" : " (cached delegation)"),
                    "start", start.fromRootHints() ? "root hints" : "cached delegation", "zone", start.zone().toString());
            case ResolutionEvent.UpstreamReply reply -> upstream(reply);
            case ResolutionEvent.RootPrimed primed -> add("  root NS set primed (RFC 9609): " + primed.nameServers()
                    + ", for " + primed.ttlSeconds() + " s", "primed", "root", "nameServers", primed.nameServers()
                            .stream().map(Object::toString).toList(), "ttl", primed.ttlSeconds());
            case ResolutionEvent.UpstreamFailure failure -> add("upstream: " + failure.serverName() + " ("
                    + (failure.server() != null ? SocketText.server(failure.address(), failure.server())
                            : failure.address().getHostAddress())
                    + ") for zone " + failure.zone() + ": no usable reply, " + failure.reason(),
                    "upstream", "failure", "zone", failure.zone().toString(), "server", failure.serverName().toString(),
                    "address", failure.address().getHostAddress(), "reason", failure.reason());
            case ResolutionEvent.Referral referral -> add("  referral from " + referral.fromZone() + " down to "
                    + referral.toZone() + ", NS " + referral.nameServers(), "referral", referral.toZone().toString(),
                    "from", referral.fromZone().toString(), "nameServers", referral.nameServers().stream()
                            .map(Object::toString).toList());
            case ResolutionEvent.ParentSideFallback fallback -> add("  the child's NS set of " + fallback.zone()
                    + " failed: asking the parent's NS " + fallback.nameServers() + " with its glue", "fallback",
                    "parent side", "zone", fallback.zone().toString(), "nameServers", fallback.nameServers().stream()
                            .map(Object::toString).toList());
            case ResolutionEvent.GluelessLookup glueless -> add("  address of NS " + glueless.nameServer() + ": "
                    + glueless.addresses() + (glueless.note() == null ? "" : " " + glueless.note()),
                    "glueless", glueless.nameServer().toString(), "addresses", glueless.addresses().stream()
                            .map(address -> address.getHostAddress()).toList());
            case ResolutionEvent.AliasRestart alias -> add("CNAME: " + alias.from().name() + " is an alias for "
                    + alias.target() + ", restart at the hosts file (hop " + alias.hop() + ")",
                    "alias", alias.target().toString(), "from", alias.from().name().toString(), "hop", alias.hop());
            case ResolutionEvent.FailureRemembered failure -> add("failure cached: " + FailureText.subject(
                    failure.zone(), failure.serverName(), failure.server()) + ": " + failure.what() + ", not asked for "
                    + FailureText.seconds(failure.backoff()) + " s (failure " + failure.failures() + ")",
                    "failure", "remembered", "zone", failure.zone().toString(), "what", failure.what(),
                    "failures", failure.failures(), "backoffSeconds", FailureText.seconds(failure.backoff()));
            case ResolutionEvent.FailureCacheHit hit -> add("failure cached: " + FailureText.subject(hit.zone(),
                    hit.serverName(), hit.server()) + " not asked, " + FailureText.seconds(hit.left()) + " s left",
                    "failure", "cached", "zone", hit.zone().toString(), "leftSeconds", FailureText.seconds(hit.left()));
            case ResolutionEvent.Coalesced coalesced -> add("waited for the same question already in flight",
                    "coalesced", coalesced.question().toString());
            case ResolutionEvent.PolicyHit hit -> add("policy: " + hit.zone() + " rule " + hit.trigger() + " for "
                    + hit.question() + ": " + hit.action(), "policy", hit.action(), "question",
                    hit.question().toString(), "zone", hit.zone().toString(), "trigger", hit.trigger().toString());
            case ResolutionEvent.StaleAnswer stale -> add("stale: " + stale.question() + " answered from expired"
                    + " data (" + stale.what() + ", TTL 30): " + stale.why(), "stale", stale.what(),
                    "question", stale.question().toString(), "why", stale.why());
            case ResolutionEvent.Prefetch prefetch -> add("prefetch: " + prefetch.question() + " refreshed in the"
                    + " background (" + prefetch.remainingTtl() + " s left)", "prefetch", "started",
                    "question", prefetch.question().toString(), "remainingTtl", prefetch.remainingTtl());
            case ResolutionEvent.Outcome outcome -> { } // the printer shows the final answer from the Resolution
        }
    }

    private void upstream(ResolutionEvent.UpstreamReply reply) {
        String kind = reply.kind().name();
        add("upstream: asked " + reply.serverName() + " (" + SocketText.server(reply.address(), reply.server())
                + ") for zone "
                + reply.zone() + ": " + kind + " (" + org.xbill.DNS.Rcode.string(reply.rcode()) + ", "
                + reply.reply().numBytes() + " bytes, " + reply.rtt().toMillis() + " ms, " + reply.transport()
                + "), question " + reply.question(), // as sent: shortened under QNAME minimisation (RFC 9156)
                "upstream", kind, "zone", reply.zone().toString(), "question", reply.question().toString(),
                "server", reply.serverName().toString(),
                "address", reply.address().getHostAddress(),
                "socket", SocketText.of(reply.server()),
                "rcode", org.xbill.DNS.Rcode.string(reply.rcode()), "bytes", reply.reply().numBytes(),
                "ms", reply.rtt().toMillis(), "transport", reply.transport().name());
    }

    /** The cache is only consulted after the hosts file said nothing (the pipeline's order). */
    private void hostsMiss(Question question) {
        add("hosts file: miss for " + question, "hosts", "miss", "question", question.toString());
    }

    /** A step: the sentence, the stage and its result, then JSON fields as name/value pairs. */
    private void add(String text, String stage, Object result, Object... fields) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("stage", stage);
        json.put("result", result);
        for (int i = 0; i < fields.length; i += 2) {
            json.put((String) fields[i], fields[i + 1]);
        }
        steps.add(new Step(text, json));
    }
}
