package dev.jdns.resolver.iterate;

import dev.jdns.resolver.cache.Delegation;
import dev.jdns.resolver.cache.DelegationCache;
import dev.jdns.resolver.cache.NameServer;
import dev.jdns.resolver.cache.ServerStats;
import dev.jdns.resolver.core.ConfiguredZone;
import dev.jdns.resolver.core.Question;
import dev.jdns.resolver.core.ResolutionContext;
import dev.jdns.resolver.core.ResolutionEvent;
import dev.jdns.resolver.core.UpstreamSockets;
import dev.jdns.transport.Protocol;
import dev.jdns.transport.client.ClientBusyException;
import dev.jdns.transport.client.DnsClient;
import dev.jdns.transport.client.DnsClientException;
import dev.jdns.transport.client.DnsReply;
import dev.jdns.transport.client.DnsTimeoutException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

/**
 * Asks the servers of one zone cut about a question until one gives a usable reply: servers with known addresses
 * first, fastest (lowest SRTT) first; then, one at a time, NS names that came without glue, looked up on demand
 * and at most {@code maxNsFetchesPerCut} of them (NXNSAttack, CVE-2020-12662). A timeout, an unreachable server, a
 * malformed reply, an error rcode or a lame reply (a negative answer without AA is one: {@link ServerRole}) moves
 * on to the next server (RFC 1034 §5.3.3 step 4), and is remembered with a backoff during which that server is
 * skipped (RFC 9520).
 */
final class ZoneQuerier {

    /** How the recursor looks up the address of an NS name without glue (a sub-resolution in the same budget). */
    @FunctionalInterface
    interface NameServerAddressLookup {
        List<InetAddress> addressesOf(Name zone, Name nameServer, ResolutionContext context);
    }

    private final DnsClient client;
    private final UpstreamSockets sockets;
    private final ServerStats stats;
    private final DelegationCache delegations;
    private final Scrubber scrubber = new Scrubber();
    private final ReplyClassifier classifier = new ReplyClassifier();
    private final NameServerAddressLookup addressLookup;
    private final FailureMemory failures;
    private final boolean dnssecOk;

    /** @param dnssecOk set DO on every query (a validator needs the RRSIGs and denial proofs, RFC 4035 §4.1) */
    ZoneQuerier(DnsClient client, UpstreamSockets sockets, ServerStats stats, DelegationCache delegations,
            FailureMemory failures, NameServerAddressLookup addressLookup, boolean dnssecOk) {
        this.client = client;
        this.dnssecOk = dnssecOk;
        this.failures = failures;
        this.sockets = sockets;
        this.stats = stats;
        this.delegations = delegations;
        this.addressLookup = addressLookup;
    }

    /**
     * What asking the servers of one zone cut gave: the first usable reply, or none when every server failed.
     *
     * @param transientFailure a server only timed out, and is not yet known to be unresponsive (RFC 9520 §3.1):
     *                         the failure may pass, so the zone cut is not remembered as failing
     * @param shortNameRefused  a server answered a minimised question with an error or an NXDOMAIN it does not
     *                         vouch for: the zone may not handle empty non-terminals, so the full question is
     *                         to be asked instead (RFC 9156 §3, Unbound's relaxed mode); nothing is held against
     *                         the server
     */
    record Attempt(Optional<ReplyOutcome.Usable> reply, boolean transientFailure, boolean shortNameRefused) {}

    /** The servers asked so far in one attempt, and whether one of them failed in a way that may pass. */
    private static final class Round {
        final Set<InetSocketAddress> asked = new HashSet<>();
        final boolean minimised;
        boolean transientFailure;
        boolean shortNameRefused;

        Round(boolean minimised) {
            this.minimised = minimised;
        }

        Attempt result(Optional<ReplyOutcome.Usable> reply) {
            return new Attempt(reply, transientFailure, shortNameRefused);
        }
    }

    /**
     * The first usable reply from a server the operator configured for {@code zone} ({@code --forward},
     * {@code --stub}), each asked at its own socket: recursive servers with RD=1, authoritative ones with RD=0.
     * A forwarder that answers with a referral is of no use (it was asked to recurse).
     */
    Attempt askConfigured(ConfiguredZone zone, Question question, boolean minimised, ResolutionContext context) {
        ServerRole role = zone.kind() == ConfiguredZone.Kind.FORWARD ? ServerRole.FORWARDER : ServerRole.AUTHORITATIVE;
        Map<InetSocketAddress, ServerAddress> candidates = new LinkedHashMap<>();
        for (InetSocketAddress socket : zone.servers()) {
            if (!failures.skipServer(zone.zone(), question.type(), zone.zone(), socket, context)) {
                candidates.putIfAbsent(socket, new ServerAddress(zone.zone(), socket.getAddress()));
            }
        }
        Round round = new Round(minimised);
        return round.result(askCandidates(zone.zone(), candidates, question, context, round, role));
    }

    /**
     * The first usable reply from a server of {@code cut}, or empty when every server failed.
     *
     * @param minimised {@code question} is a shortened form of the one resolved (QNAME minimisation)
     */
    Attempt ask(Delegation cut, Question question, boolean minimised, ResolutionContext context) {
        Round round = new Round(minimised);
        Optional<ReplyOutcome.Usable> reply = askServers(cut.zone(), cut.servers(), question, context, round);
        if (reply.isPresent() || round.shortNameRefused) {
            return round.result(reply);
        }
        int fetched = 0;
        for (Name nameServer : cut.namesWithoutAddresses()) {
            if (fetched++ == context.limits().maxNsFetchesPerCut()) {
                context.emit(new ResolutionEvent.GluelessLookup(cut.zone(), nameServer, context.budget().gluelessDepth(),
                        List.of(), "not fetched: " + context.limits().maxNsFetchesPerCut() + " NS names per zone cut"));
                break;
            }
            List<InetAddress> found = addressLookup.addressesOf(cut.zone(), nameServer, context);
            if (found.isEmpty()) {
                continue;
            }
            delegations.addAddresses(cut.zone(), nameServer, found);
            reply = askServers(cut.zone(), List.of(new NameServer(nameServer, found)), question, context, round);
            if (reply.isPresent() || round.shortNameRefused) {
                return round.result(reply);
            }
        }
        return round.result(Optional.empty());
    }

    private Optional<ReplyOutcome.Usable> askServers(Name zone, List<NameServer> servers, Question question,
            ResolutionContext context, Round round) {
        Map<InetSocketAddress, ServerAddress> candidates = new LinkedHashMap<>();
        for (NameServer server : servers) {
            for (InetAddress address : server.addresses()) {
                Optional<InetSocketAddress> socket = sockets.socketFor(address);
                if (socket.isEmpty()) {
                    context.emit(new ResolutionEvent.UpstreamFailure(zone, server.name(), address, null, question,
                            sockets.whyRefused(address)));
                } else if (!round.asked.contains(socket.get())
                        && !failures.skipServer(zone, question.type(), server.name(), socket.get(), context)) {
                    candidates.putIfAbsent(socket.get(), new ServerAddress(server.name(), address));
                }
            }
        }
        return askCandidates(zone, candidates, question, context, round, ServerRole.AUTHORITATIVE);
    }

    /** Asks each candidate, fastest first, until one gives a usable reply (or refuses a minimised question). */
    private Optional<ReplyOutcome.Usable> askCandidates(Name zone, Map<InetSocketAddress, ServerAddress> candidates,
            Question question, ResolutionContext context, Round round, ServerRole role) {
        for (InetSocketAddress socket : stats.order(candidates.keySet())) {
            round.asked.add(socket);
            Optional<ReplyOutcome.Usable> reply =
                    askOne(zone, candidates.get(socket), socket, question, context, round, role);
            if (reply.isPresent() || round.shortNameRefused) {
                return reply;
            }
        }
        return Optional.empty();
    }

    /** A name server's name and one of its addresses, as the delegation gives them. */
    private record ServerAddress(Name name, InetAddress address) {}

    private Optional<ReplyOutcome.Usable> askOne(Name zone, ServerAddress server, InetSocketAddress socket,
            Question question, ResolutionContext context, Round round, ServerRole role) {
        context.budget().spendUpstreamQuery();
        Duration timeout = attemptTimeout(context);
        try {
            Message query = client.newQuery(question.toRecord(), role == ServerRole.FORWARDER, dnssecOk);
            DnsReply reply = client.exchange(socket, query, Protocol.UDP, timeout);
            ScrubbedReply scrubbed = scrubber.scrub(reply.message(), question, zone);
            ReplyOutcome outcome = classifier.classify(scrubbed, question, role);
            if (role == ServerRole.FORWARDER && outcome instanceof ReplyOutcome.Referral) {
                outcome = new ReplyOutcome.TryNext(scrubbed, true); // asked to recurse, it referred: lame
            }
            context.emit(new ResolutionEvent.UpstreamReply(zone, server.name(), server.address(), socket, question,
                    scrubbed.rcode(), outcome.kind(), reply.rtt(), reply.transport(), reply.message()));
            return switch (outcome) {
                case ReplyOutcome.TryNext useless when round.minimised
                        && useless.reply().rcode() != Rcode.NOERROR -> {
                    // Some servers fail an empty non-terminal or a name that exists only below: their zone is
                    // fine, the full question will do (RFC 9156 §3). Not held against them.
                    stats.recordRtt(socket, reply.rtt());
                    round.shortNameRefused = true;
                    yield Optional.empty();
                }
                case ReplyOutcome.TryNext useless -> {
                    // A lame or failing server answers quickly; ranking it by that speed would put it first every
                    // time.
                    stats.recordTimeout(socket);
                    failures.serverFailedZone(zone, question.type(), server.name(), socket, useless, context);
                    yield Optional.empty();
                }
                case ReplyOutcome.Usable usable -> {
                    stats.recordRtt(socket, reply.rtt());
                    failures.serverAnswered(zone, question.type(), socket);
                    yield Optional.of(usable);
                }
            };
        } catch (DnsClientException e) {
            String what = e instanceof DnsTimeoutException ? "timeout" : e.getClass().getSimpleName();
            context.emit(new ResolutionEvent.UpstreamFailure(zone, server.name(), server.address(), socket, question,
                    what + ": " + e.getMessage()));
            if (e instanceof ClientBusyException) {
                round.transientFailure = true; // our own limit: nothing learnt about the server
                return Optional.empty();
            }
            stats.recordTimeout(socket);
            // A wait cut short by the client query's own deadline says nothing about the server.
            boolean fullWait = !(e instanceof DnsTimeoutException) || timeout.equals(client.timeout());
            if (!fullWait || !failures.serverSilent(zone, server.name(), socket, context)) {
                round.transientFailure = true;
            }
            return Optional.empty();
        }
    }

    /** The client's per-attempt timeout, or less when the client query's deadline is nearer. */
    private Duration attemptTimeout(ResolutionContext context) {
        Duration remaining = context.budget().remaining();
        Duration timeout = remaining.compareTo(client.timeout()) < 0 ? remaining : client.timeout();
        return timeout.isZero() ? Duration.ofMillis(1) : timeout;
    }
}
