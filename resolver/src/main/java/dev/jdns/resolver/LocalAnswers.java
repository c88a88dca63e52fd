package dev.jdns.resolver;

import dev.jdns.resolver.cache.AnswerCache;
import dev.jdns.resolver.cache.CachedAnswer;
import dev.jdns.resolver.core.FailureKind;
import dev.jdns.resolver.core.Question;
import dev.jdns.resolver.core.ResolutionContext;
import dev.jdns.resolver.core.ResolutionEvent;
import dev.jdns.resolver.core.StepAnswer;
import dev.jdns.resolver.hosts.HostsAnswer;
import dev.jdns.resolver.hosts.HostsFile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The first two stages of the pipeline, the hosts file and the answer cache, each reporting what it found and
 * saying, with the answer, that it came from there.
 */
final class LocalAnswers {

    private final HostsFile hosts;
    private final AnswerCache answers;

    LocalAnswers(HostsFile hosts, AnswerCache answers) {
        this.hosts = hosts;
        this.answers = answers;
    }

    /** Whether the hosts file owns {@code question} (a plain lookup: no event, no answer built). */
    boolean inHosts(Question question) {
        return hosts.lookup(question.name(), question.type(), question.dclass()).isPresent();
    }

    Optional<FoundAnswer> fromHosts(Question question, ResolutionContext context) {
        Optional<HostsAnswer> owned = hosts.lookup(question.name(), question.type(), question.dclass());
        owned.ifPresent(answer -> context.emit(new ResolutionEvent.HostsHit(question, answer.records())));
        return owned.map(answer -> new FoundAnswer(answer.noData()
                ? new StepAnswer.NoData(null)
                : new StepAnswer.Data(rrsetsByType(answer.records())),
                AnswerSource.HOSTS));
    }

    /**
     * One RRset per type, in file order: an ANY question for a host with both A and AAAA owns two RRsets, and one
     * RRset of mixed types makes dnsjava throw (found by fuzzing: the resolver answered such a question SERVFAIL).
     */
    private static List<RRset> rrsetsByType(List<Record> records) {
        Map<Integer, RRset> byType = new LinkedHashMap<>();
        for (Record record : records) {
            byType.computeIfAbsent(record.getType(), type -> new RRset()).addRR(record);
        }
        return List.copyOf(byType.values());
    }

    /** The cached data, or a cached alias at the name (a CNAME answers every type but CNAME, RFC 1034 §3.6.2). */
    Optional<FoundAnswer> fromCache(Question question, ResolutionContext context) {
        Optional<CachedAnswer> cached = withAliasAtName(question,
                type -> answers.lookup(question.name(), type, question.dclass()));
        if (cached.isEmpty()) {
            context.emit(new ResolutionEvent.CacheMiss(question));
            return Optional.empty();
        }
        StepAnswer step = toStep(cached.get(), question);
        long remaining = remainingTtl(cached.get());
        context.emit(new ResolutionEvent.CacheHit(question, describe(step), remaining));
        return Optional.of(new FoundAnswer(step, new AnswerSource.Cache(remaining)));
    }

    /**
     * Data kept past its expiry for serve-stale (RFC 8767), with every TTL set to {@code replyTtl}; a stale alias at
     * the name answers as a live one does.
     */
    Optional<StepAnswer> staleFromCache(Question question, long replyTtl) {
        return withAliasAtName(question,
                type -> answers.lookupStale(question.name(), type, question.dclass(), replyTtl))
                .map(cached -> toStep(cached, question));
    }

    /** What {@code read} finds for the question's type, else a CNAME it finds at the name (RFC 1034 §3.6.2). */
    private static Optional<CachedAnswer> withAliasAtName(Question question,
            IntFunction<Optional<CachedAnswer>> read) {
        Optional<CachedAnswer> cached = read.apply(question.type());
        if (cached.isEmpty() && question.type() != Type.CNAME) {
            cached = read.apply(Type.CNAME).filter(CachedAnswer.Positive.class::isInstance);
        }
        return cached;
    }

    private static StepAnswer toStep(CachedAnswer cached, Question question) {
        return switch (cached) {
            case CachedAnswer.Positive positive when positive.rrset().getType() == Type.CNAME
                    && question.type() != Type.CNAME ->
                    new StepAnswer.Alias(List.of(positive.rrset()),
                            ((CNAMERecord) positive.rrset().first()).getTarget());
            case CachedAnswer.Positive positive -> new StepAnswer.Data(List.of(positive.rrset()), positive.proofs());
            case CachedAnswer.NxDomain nx -> new StepAnswer.NxDomain(nx.soa(), nx.proofs());
            case CachedAnswer.NoData noData -> new StepAnswer.NoData(noData.soa(), noData.proofs());
            // RFC 9520 §3.2: a recent failure is answered from the cache, without going upstream again.
            case CachedAnswer.ServFail fail -> new StepAnswer.ServFail("failure cached (RFC 9520)",
                    FailureKind.CACHED_ERROR);
        };
    }

    private static long remainingTtl(CachedAnswer cached) {
        return switch (cached) {
            case CachedAnswer.Positive positive -> positive.rrset().getTTL();
            case CachedAnswer.NxDomain nx -> nx.soa().getTTL();
            case CachedAnswer.NoData noData -> noData.soa().getTTL();
            case CachedAnswer.ServFail fail -> 0;
        };
    }

    /** The kind of answer in a word, for events. */
    static String describe(StepAnswer step) {
        return switch (step) {
            case StepAnswer.Data data -> "positive";
            case StepAnswer.Alias alias -> "alias";
            case StepAnswer.NxDomain nx -> "NXDOMAIN";
            case StepAnswer.NoData noData -> "NODATA";
            case StepAnswer.ServFail fail -> "SERVFAIL";
            case StepAnswer.NotCached notCached -> "not cached";
        };
    }

    /** See {@link HostsFile#generation()}. */
    Object hostsGeneration() {
        return hosts.generation();
    }
}
