package dev.jdns.resolver.iterate;

import dev.jdns.resolver.cache.AnswerCache;
import dev.jdns.resolver.cache.CachedAnswer;
import dev.jdns.resolver.cache.Delegation;
import dev.jdns.resolver.cache.DelegationCache;
import dev.jdns.resolver.cache.FailureCache;
import dev.jdns.resolver.cache.NameServer;
import dev.jdns.resolver.cache.ServerStats;
import dev.jdns.resolver.cache.Trust;
import dev.jdns.resolver.core.ConfiguredZone;
import dev.jdns.resolver.core.ConfiguredZones;
import dev.jdns.resolver.core.FailureKind;
import dev.jdns.resolver.core.Question;
import dev.jdns.resolver.core.ResolutionContext;
import dev.jdns.resolver.core.ResolutionEvent;
import dev.jdns.resolver.core.RootHints;
import dev.jdns.resolver.core.StepAnswer;
import dev.jdns.resolver.core.UpstreamSockets;
import dev.jdns.transport.Names;
import dev.jdns.transport.client.DnsClient;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DNAMERecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Iterative resolution of one question (RFC 1034 §5.3.3): start at the closest zone cut known (delegation cache,
 * else the root's NS set primed from the root hints, {@link RootPrimer}), ask its servers with RD=0, and act on the
 * classified reply: follow a referral downward, or cache and return an answer, an alias or a negative answer.
 * Aliases are returned, not chased: the pipeline restarts for the target at the hosts file. A zone cut none of whose servers gives a usable reply is remembered as
 * failing (RFC 9520 §3.3): until its backoff ends, questions under it are SERVFAIL without any query, to it or its
 * parents. Zones the operator configured ({@link ConfiguredZones}) change where this starts: a question under a
 * forward zone goes to its recursive servers instead (and, with forward-first, is iterated when none of them
 * answers); a stub zone's cut is always asked at its configured servers. With QNAME minimisation (RFC 9156,
 * {@link QnameMinimiser}) each zone's servers are asked about the name only as far as they need to refer onward.
 * Thread-safe; each call works within the budget of its context.
 */
public final class Recursor {

    private final RootPrimer primer;
    private final AnswerCache answers;
    private final DelegationCache delegations;
    private final ReplyRecorder recorder;
    private final ZoneQuerier querier;
    private final FailureMemory failures;
    private final ConfiguredZones configured;
    private final IterationOptions options;

    public Recursor(RootHints rootHints, AnswerCache answers, DelegationCache delegations, ServerStats stats,
            FailureCache failureCache, DnsClient client, UpstreamSockets sockets, ConfiguredZones configured,
            IterationOptions options) {
        this.configured = configured;
        this.options = options;
        this.answers = answers;
        this.delegations = delegations;
        this.recorder = new ReplyRecorder(answers, delegations);
        this.failures = new FailureMemory(failureCache);
        this.querier = new ZoneQuerier(client, sockets, stats, delegations, failures, this::addressesOfNameServer,
                options.dnssecOk());
        this.primer = new RootPrimer(rootHints, delegations, querier, recorder, failures);
    }

    /**
     * Resolves {@code question} from the closest known zone cut.
     *
     * @throws dev.jdns.resolver.core.BudgetExhaustedException when the client query's budget runs out
     */
    public StepAnswer resolve(Question question, ResolutionContext context) {
        Optional<ConfiguredZone> forward = configured.closestEnclosing(question.name())
                .filter(zone -> zone.kind() == ConfiguredZone.Kind.FORWARD);
        if (forward.isPresent()) {
            Optional<StepAnswer> answer = forward(forward.get(), question, context);
            if (answer.isPresent() || !configured.forwardFirst()) {
                return answer.orElseGet(() -> new StepAnswer.ServFail(
                        "no forwarder of " + forward.get().zone() + " gave a usable reply",
                        FailureKind.NO_REACHABLE_AUTHORITY));
            }
        }
        return iterate(question, context);
    }

    /**
     * A forwarder's reply settles the question (it recursed for us); a referral from one was already counted as of
     * no use. Empty when no forwarder answered usefully.
     */
    private Optional<StepAnswer> forward(ConfiguredZone zone, Question question, ResolutionContext context) {
        Optional<ReplyOutcome.Usable> usable = querier.askConfigured(zone, question, false, context).reply();
        return usable.filter(ReplyOutcome.Final.class::isInstance)
                .map(settled -> act((ReplyOutcome.Final) settled, question));
    }

    private StepAnswer iterate(Question question, ResolutionContext context) {
        Delegation cut = startingPoint(question, whereToStart(question), context);
        boolean cutFromCache = !primer.isHints(cut);
        QnameMinimiser minimiser = options.qnameMinimisation() ? new QnameMinimiser(question)
                : QnameMinimiser.off(question);
        while (true) {
            Optional<StepAnswer> failing = failures.failingZone(question.name(), question.type(), cut.zone(),
                    context);
            if (failing.isPresent()) {
                return failing.get();
            }
            Optional<ConfiguredZone> stub = stubAt(cut.zone());
            Question asked = minimiser.next(cut.zone());
            boolean minimised = minimiser.isMinimised(asked);
            ZoneQuerier.Attempt attempt = stub.isPresent()
                    ? querier.askConfigured(stub.get(), asked, minimised, context)
                    : querier.ask(cut, asked, minimised, context);
            if (attempt.shortNameRefused()) {
                minimiser.stop();
                continue;
            }
            Optional<ReplyOutcome.Usable> usable = attempt.reply();
            if (usable.isEmpty()) {
                Optional<Delegation> parentSide = stub.isEmpty() ? parentSideAfterChildFailed(cut, question, context)
                        : Optional.empty();
                if (parentSide.isPresent()) {
                    cut = parentSide.get();
                    continue;
                }
                if (cutFromCache && stub.isEmpty() && cut.zone().equals(Name.root)) {
                    // A primed (cached) root NS set none of whose servers answers may be stale: the hints may
                    // still reach a root server. Once, since the hints are no cached cut.
                    cut = primer.hintsFor(question, context);
                    cutFromCache = false;
                    continue;
                }
                if (!cutFromCache || stub.isPresent() || cut.zone().equals(Name.root)) {
                    return failures.zoneFailed(cut.zone(), question.type(), attempt.transientFailure(), context);
                }
                // A cached cut whose servers all fail may be stale (the zone moved to new servers since): ask
                // the parent again for a fresh referral, as BIND and Unbound do. Zones only get shorter here.
                cut = startingPoint(question, new Name(cut.zone(), 1), context);
                cutFromCache = !primer.isHints(cut);
                continue;
            }
            failures.zoneAnswered(cut.zone(), question.type());
            if (stub.isEmpty() && usable.get() instanceof ReplyOutcome.Final settled) {
                recorder.cacheApexNs(settled.reply());
            }
            switch (usable.get()) {
                case ReplyOutcome.Final settled when minimised -> learnFromShortName(minimiser, asked, settled);
                case ReplyOutcome.Final settled -> {
                    return act(settled, question);
                }
                case ReplyOutcome.Referral referral -> {
                    cut = followReferral(cut, referral, question, context);
                    cutFromCache = false;
                }
            }
        }
    }

    /**
     * What a final reply to a minimised question says about the way down (RFC 9156 §3): the shortened name exists
     * without a zone cut (data, an alias, or nothing of type A: an empty non-terminal), so the next question adds
     * labels at the same cut; NXDOMAIN or a DNAME ends minimising and the full question is asked, as Unbound's
     * relaxed mode does for servers that deny empty non-terminals (RFC 8020 would let a resolver stop here).
     */
    private static void learnFromShortName(QnameMinimiser minimiser, Question asked, ReplyOutcome.Final settled) {
        switch (settled) {
            case ReplyOutcome.Answer answer -> minimiser.existsWithoutCut(asked);
            case ReplyOutcome.NoData noData -> minimiser.existsWithoutCut(asked);
            case ReplyOutcome.Alias alias -> minimiser.existsWithoutCut(asked);
            case ReplyOutcome.NxDomain nx -> minimiser.stop();
            case ReplyOutcome.Dname dname -> minimiser.stop();
        }
    }

    /**
     * Where to go when every server of {@code cut} failed and {@code cut} was the child's own NS set: the parent's
     * side of the same cut, its NS set and glue (the only working server may be one only the parent lists, reachable
     * only through the parent's glue), as Unbound falls back to parent-side data. Empty for any other cut.
     */
    private Optional<Delegation> parentSideAfterChildFailed(Delegation cut, Question question,
            ResolutionContext context) {
        if (cut.trust() != Trust.AUTHORITATIVE_AUTHORITY || cut.zone().equals(Name.root)) {
            return Optional.empty();
        }
        Optional<Delegation> parentSide = delegations.parentSide(cut.zone());
        parentSide.ifPresent(parent -> context.emit(new ResolutionEvent.ParentSideFallback(question, parent.zone(),
                parent.servers().stream().map(NameServer::name).toList())));
        return parentSide;
    }

    /**
     * The name whose closest known cut iteration starts from. A DS RRset lives in the parent zone, at the cut
     * (RFC 4035 §3.1.4.1): asked of the child's servers it would be a wrong NODATA, so a DS question starts above
     * its own name, as Unbound's iterator does.
     */
    private static Name whereToStart(Question question) {
        Name name = question.name();
        return question.type() == Type.DS && !name.equals(Name.root) ? new Name(name, 1) : name;
    }

    /**
     * The closest cut known at or above {@code name}: the delegation cache, else the root's cut from the primer (the
     * primed NS set, else the hints); a stub zone enclosing {@code name} wins over any cut cached at or above it
     * (only its own children, learnt from its servers, are closer).
     */
    private Delegation startingPoint(Question question, Name name, ResolutionContext context) {
        Optional<Delegation> cached = delegations.closestEnclosing(name);
        Optional<ConfiguredZone> stub = configured.closestEnclosing(name)
                .filter(zone -> zone.kind() == ConfiguredZone.Kind.STUB)
                .filter(zone -> cached.isEmpty() || !Names.strictlyBelow(cached.get().zone(), zone.zone()));
        Delegation cut = stub.map(Recursor::stubDelegation)
                .orElseGet(() -> cached.orElseGet(() -> primer.rootCut(context)));
        context.emit(new ResolutionEvent.StartingPoint(question, cut.zone(), primer.isHints(cut)));
        return cut;
    }

    /** The configured stub zone whose apex is {@code zone}: that cut is always asked at the configured servers. */
    private Optional<ConfiguredZone> stubAt(Name zone) {
        return configured.at(zone).filter(stub -> stub.kind() == ConfiguredZone.Kind.STUB);
    }

    /** A stub zone as a cut, for the trace and the referral bookkeeping; its servers are asked at their sockets. */
    private static Delegation stubDelegation(ConfiguredZone stub) {
        List<NameServer> servers = stub.servers().stream()
                .map(socket -> new NameServer(stub.zone(), List.of(socket.getAddress())))
                .toList();
        return new Delegation(stub.zone(), servers, Trust.AUTHORITATIVE_AUTHORITY, 0);
    }

    private Delegation followReferral(Delegation from, ReplyOutcome.Referral referral, Question question,
            ResolutionContext context) {
        context.budget().spendReferral();
        // The classifier only gives a Referral when the scrubber kept an NS set strictly below the zone asked and
        // above the query name, so every referral goes at least one label down: no loop can last.
        RRset childNs = referral.childNs();
        Delegation next = recorder.cacheReferral(childNs, referral.reply());
        context.emit(new ResolutionEvent.Referral(question, from.zone(), next.zone(),
                ScrubbedReply.nsTargets(childNs)));
        return next;
    }

    private StepAnswer act(ReplyOutcome.Final settled, Question question) {
        return switch (settled) {
            case ReplyOutcome.Answer answer -> {
                recorder.cacheAnswerSection(answer.reply());
                yield new StepAnswer.Data(dataFor(answer.reply(), question), answer.reply().proofs());
            }
            case ReplyOutcome.Alias alias -> alias(alias, question);
            case ReplyOutcome.Dname dname -> dname(dname, question);
            case ReplyOutcome.NxDomain nx -> new StepAnswer.NxDomain(
                    recorder.cacheNxDomain(question.name(), question, nx.reply()).orElse(null), nx.reply().proofs());
            case ReplyOutcome.NoData noData -> new StepAnswer.NoData(
                    recorder.cacheNoData(question.name(), question, noData.reply()).orElse(null),
                    noData.reply().proofs());
        };
    }

    /** A loop, not a stream: this runs for every answer from upstream. */
    private static List<RRset> dataFor(ScrubbedReply reply, Question question) {
        List<RRset> data = new ArrayList<>(1);
        for (RRset rrset : reply.answer()) {
            if (rrset.getName().equals(question.name())
                    && (question.type() == Type.ANY || rrset.getType() == question.type())) {
                data.add(rrset);
            }
        }
        return data;
    }

    private StepAnswer alias(ReplyOutcome.Alias alias, Question question) {
        recorder.cacheAnswerSection(alias.reply());
        RRset cname = alias.cname();
        cacheNegativeAtChainEnd(alias.reply(), alias.negativeVouchedFor(), question);
        return new StepAnswer.Alias(List.of(cname), ((CNAMERecord) cname.first()).getTarget());
    }

    /**
     * RFC 6672 §3: the DNAME is the data; the resolver substitutes it itself rather than trusting a CNAME the
     * server may have synthesised, and gives the synthesised CNAME the DNAME's TTL.
     */
    private StepAnswer dname(ReplyOutcome.Dname redirect, Question question) {
        ScrubbedReply reply = redirect.reply();
        RRset dnameSet = redirect.dname();
        DNAMERecord dname = (DNAMERecord) dnameSet.first();
        Name target = Scrubber.synthesise(question.name(), dname);
        if (target == null) {
            // RFC 6672 §2.2: the substituted name would exceed 255 octets (a server answers YXDOMAIN).
            return new StepAnswer.ServFail("DNAME substitution of " + question.name() + " is too long");
        }
        recorder.cacheRRset(dnameSet, reply);
        RRset cname = new RRset(new CNAMERecord(question.name(), question.dclass(), dname.getTTL(), target));
        recorder.cacheRRset(cname, reply);
        cacheNegativeAtChainEnd(reply, redirect.negativeVouchedFor(), question);
        return new StepAnswer.Alias(List.of(dnameSet, cname), target);
    }

    /**
     * An authoritative server that answers with an alias inside its zone also says what is at the end of the chain;
     * when that is "nothing" (NXDOMAIN, or no data), the rcode and SOA belong to the last name (RFC 6604 §2), and
     * caching it saves the restart an upstream query. Only when the sender vouches for negative answers (AA=1 from
     * a zone's server, {@link ServerRole}), as for a negative answer to the question itself.
     */
    private void cacheNegativeAtChainEnd(ScrubbedReply reply, boolean negativeVouchedFor, Question question) {
        List<Name> chain = List.copyOf(Scrubber.chainNames(reply.answer(), question.name()));
        Name end = chain.getLast();
        if (end.equals(question.name()) || !end.subdomain(reply.zone()) || !negativeVouchedFor) {
            return;
        }
        if (reply.rcode() == Rcode.NXDOMAIN) {
            recorder.cacheNxDomain(end, question, reply);
        } else if (reply.answer().stream().noneMatch(rrset -> rrset.getName().equals(end))) {
            recorder.cacheNoData(end, question, reply);
        }
    }

    /** Addresses of an NS name that came without glue (A, else AAAA): the answer cache, else a sub-resolution in the same budget. */
    private List<InetAddress> addressesOfNameServer(Name zone, Name nameServer, ResolutionContext context) {
        if (!context.budget().beginGluelessLookup(nameServer)) {
            context.emit(new ResolutionEvent.GluelessLookup(zone, nameServer, context.budget().gluelessDepth(),
                    List.of(), "refused: depth limit or cyclic NS dependency"));
            return List.of();
        }
        try {
            // IPv4 first; AAAA only for a name server that exists without any A, so the common case costs one
            // lookup and a made-up NS name (NXNSAttack) still costs one: nothing exists below an NXDOMAIN (RFC 8020).
            StepAnswer v4 = addressLookup(nameServer, Type.A, context);
            List<InetAddress> found = addressesIn(v4);
            if (found.isEmpty() && !(v4 instanceof StepAnswer.NxDomain)) {
                found = addressesIn(addressLookup(nameServer, Type.AAAA, context));
            }
            context.emit(new ResolutionEvent.GluelessLookup(zone, nameServer, context.budget().gluelessDepth(), found,
                    found.isEmpty() ? "no address" : "resolved"));
            return found;
        } finally {
            context.budget().endGluelessLookup();
        }
    }

    /**
     * The addresses of {@code nameServer} of {@code type}: an alias is followed, up to the alias limit. RFC 2181
     * §10.3 forbids an NS name that is an alias, but zones have them and BIND and Unbound follow them.
     */
    private StepAnswer addressLookup(Name nameServer, int type, ResolutionContext context) {
        StepAnswer answer = cachedOrResolved(nameServer, type, context);
        for (int hop = 0; answer instanceof StepAnswer.Alias alias && hop < context.limits().maxAliasHops(); hop++) {
            answer = cachedOrResolved(alias.target(), type, context);
        }
        return answer;
    }

    /** The cached answer when there is one, else a sub-resolution within the client query's budget. */
    private StepAnswer cachedOrResolved(Name nameServer, int type, ResolutionContext context) {
        Question question = Question.in(nameServer, type);
        return switch (answers.lookup(question.name(), question.type(), question.dclass()).orElse(null)) {
            case CachedAnswer.Positive positive -> new StepAnswer.Data(List.of(positive.rrset()));
            case CachedAnswer.NxDomain nx -> new StepAnswer.NxDomain(nx.soa());
            case null, default -> resolve(question, context);
        };
    }

    private static List<InetAddress> addressesIn(StepAnswer answer) {
        if (!(answer instanceof StepAnswer.Data data)) {
            return List.of();
        }
        return data.rrsets().stream()
                .flatMap(rrset -> rrset.rrs(false).stream())
                .map(ReplyRecorder::addressOf)
                .flatMap(Optional::stream)
                .toList();
    }
}
