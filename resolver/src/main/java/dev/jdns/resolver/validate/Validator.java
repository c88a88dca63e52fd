package dev.jdns.resolver.validate;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.jdns.resolver.AnswerSource;
import dev.jdns.resolver.AnswerValidator;
import dev.jdns.resolver.PolicyScope;
import dev.jdns.resolver.Resolution;
import dev.jdns.resolver.Resolver;
import dev.jdns.resolver.ValidatedAnswer;
import dev.jdns.resolver.cache.Security;
import dev.jdns.resolver.cache.VerdictCache;
import dev.jdns.resolver.cache.VerdictCache.Verdict;
import dev.jdns.resolver.core.Question;
import dev.jdns.resolver.core.ResolutionObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.xbill.DNS.CNAMERecord;
import java.util.function.Predicate;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import org.xbill.DNS.dnssec.ValidatingResolver;

/**
 * DNSSEC validation on top of the iterator (RFC 4033-4035, RFC 5155, RFC 6840), in Unbound's shape: the iterator
 * fetches and caches what servers say, DNSSEC records included; dnsjava's {@link ValidatingResolver} (a port of
 * Unbound's validator, with its KeyTrap limits and Extended DNS Errors) judges it, asking the iterator for DS and
 * DNSKEY sets through {@link IteratorHead} and keeping the keys it validated; and the verdict is cached with the
 * answer in a {@link VerdictCache} of its own, so a validated cache hit costs no signature check and unvalidated
 * data never passes for validated. Checking disabled (CD=1), a name under a negative trust anchor, and the hosts
 * file skip validation and go to the iterator as they are. Thread-safe; validation runs on the calling thread.
 */
public final class Validator implements AnswerValidator {

    private static final Logger LOG = System.getLogger(Validator.class.getName());

    private final Resolver pipeline;
    private final ValidatingResolver validator;
    private final VerdictCache verdicts;
    private final List<Name> negativeAnchors;
    private final BogusDiagnosis diagnosis;
    private final VerifiedSignatures signatures;
    private final int signatureBudget;

    /**
     * @param pipeline        the non-validating resolver, built with DNSSEC records kept
     * @param anchors         where chains of trust start; not empty
     * @param negativeAnchors zones whose answers are never validated ({@code --insecure}, RFC 7646)
     * @param signatures      verifications already made, shared by every query
     * @param clock           the wall clock signatures' validity periods are checked against
     */
    public Validator(Resolver pipeline, TrustAnchors anchors, List<Name> negativeAnchors, ValidationLimits limits,
            VerdictCache verdicts, VerifiedSignatures signatures, Clock clock) {
        if (anchors.isEmpty()) {
            throw new IllegalArgumentException("validation needs at least one trust anchor");
        }
        this.pipeline = pipeline;
        this.verdicts = verdicts;
        this.signatures = signatures;
        this.signatureBudget = limits.maxSignatureChecksPerQuery();
        this.negativeAnchors = List.copyOf(negativeAnchors);
        this.diagnosis = new BogusDiagnosis(pipeline, limits, clock);
        this.validator = new ValidatingResolver(new IteratorHead(pipeline), clock);
        this.validator.setAddReasonToAdditional(false); // the reason goes in the EDE text, not a private-class TXT
        try {
            validator.init(limits.asDnsjavaProperties());
        } catch (IOException e) {
            throw new UncheckedIOException("configuring the validator", e);
        }
        anchors.rrsets().forEach(validator.getTrustAnchors()::store);
    }

    /**
     * A validator over {@code pipeline} (built with {@code ResolverBuilder.dnssec(true)}) with its own verdict cache
     * of {@code verdictBytes} and its own verified signatures, both on {@code ticker}, the system's wall clock, and
     * the default limits.
     */
    public static Validator over(Resolver pipeline, TrustAnchors anchors, List<Name> negativeAnchors,
            long verdictBytes, Duration maxTtl, Ticker ticker) {
        Clock clock = Clock.systemUTC();
        return new Validator(pipeline, anchors, negativeAnchors, ValidationLimits.DEFAULTS,
                new VerdictCache(verdictBytes, maxTtl, ticker),
                new VerifiedSignatures(VerifiedSignatures.DEFAULT_ENTRIES, ticker, clock), clock);
    }

    /** Forgets the verdicts whose owner name {@code which} picks (an operator's flush); returns how many. */
    public long forget(Predicate<Name> which) {
        return verdicts.removeIf(which);
    }

    @Override
    public ValidatedAnswer resolve(Question question, boolean dnssecOk, boolean checkingDisabled,
            boolean authenticRequested, PolicyScope scope) {
        ValidatedAnswer answer = validated(question, dnssecOk, checkingDisabled, authenticRequested, scope);
        return scope == PolicyScope.NONE ? answer : policyOnChain(question, answer, dnssecOk, scope);
    }

    /**
     * The validator fetches the chain without the response policy (it judges what the zones say); when one of the
     * chain's targets is a name the policy decides, the client gets the chain as the policy rewrites it,
     * unvalidated, as it would for the question itself.
     */
    private ValidatedAnswer policyOnChain(Question question, ValidatedAnswer answer, boolean dnssecOk,
            PolicyScope scope) {
        for (Record record : answer.resolution().answer()) {
            if (record instanceof CNAMERecord cname
                    && pipeline.answeredLocally(question.withName(cname.getTarget()), scope)) {
                return unvalidated(question, dnssecOk, scope);
            }
        }
        return answer;
    }

    private ValidatedAnswer validated(Question question, boolean dnssecOk, boolean checkingDisabled,
            boolean authenticRequested, PolicyScope scope) {
        if (underNegativeAnchor(question.name()) || pipeline.answeredLocally(question, scope)) {
            return unvalidated(question, dnssecOk, scope);
        }
        Optional<Verdict> cached = verdicts.lookup(question.name(), question.type(), question.dclass());
        if (checkingDisabled) {
            // RFC 4035 §3.2.2: no validation for the client that validates itself. What is already known valid is
            // given as such (with AD, as Unbound does); a bogus verdict gives way to the data, unvalidated.
            return cached.filter(verdict -> verdict.security() != Security.BOGUS)
                    .map(verdict -> render(question, verdict, dnssecOk, authenticRequested,
                            cacheSource(question, verdict)))
                    .orElseGet(() -> unvalidated(question, dnssecOk, scope));
        }
        if (cached.isPresent()) {
            return render(question, cached.get(), dnssecOk, authenticRequested, cacheSource(question, cached.get()));
        }
        // The iterator first (what it finds is cached, so the validator's own fetch of it costs a lookup): when it
        // fails (no reachable server, a work limit) there is no data to judge, and dnsjava's validator would take the
        // bare SERVFAIL for a bogus answer and the verdict would be kept for a minute.
        Resolution iterated = pipeline.resolve(question, true, ResolutionObserver.NONE, true);
        if (iterated.rcode() == Rcode.SERVFAIL) {
            return new ValidatedAnswer(iterated, false, Optional.empty());
        }
        Optional<Verdict> fresh;
        try (SignatureChecks checks = SignatureChecks.open(signatures, signatureBudget)) {
            fresh = validate(question);
            if (checks.exhausted()) {
                return overBudget(checks);
            }
        }
        if (fresh.isEmpty()) {
            return new ValidatedAnswer(Resolution.servFail(AnswerSource.UPSTREAM), false, Optional.empty());
        }
        // A non-failure carries an Extended DNS Error only when it is stale data (RFC 8767): validated like any
        // other, but its verdict is not kept, since fresh data may come with the next query, and it says it is stale.
        Optional<ExtendedErrorCodeOption> staleNotice = iterated.extendedError();
        if (staleNotice.isPresent()) {
            ValidatedAnswer validated = render(question, fresh.get(), dnssecOk, authenticRequested,
                    AnswerSource.STALE);
            return new ValidatedAnswer(validated.resolution(), validated.authenticated(),
                    validated.error().or(() -> staleNotice));
        }
        verdicts.put(question.name(), question.type(), question.dclass(), fresh.get());
        return render(question, fresh.get(), dnssecOk, authenticRequested, AnswerSource.UPSTREAM);
    }

    /**
     * SERVFAIL with the work limit's Extended DNS Error (RFC 8914 §4.1, Other, as for the iterator's limits), and no
     * verdict kept: the data was not found bogus, only too costly for one query. What was verified stays remembered,
     * so the next query for it gets further.
     */
    private static ValidatedAnswer overBudget(SignatureChecks checks) {
        return new ValidatedAnswer(Resolution.servFail(AnswerSource.UPSTREAM), false,
                Optional.of(new ExtendedErrorCodeOption(ExtendedErrorCodeOption.OTHER,
                        "more than " + checks.budget() + " signature verifications for one query")));
    }

    private ValidatedAnswer unvalidated(Question question, boolean dnssecOk, PolicyScope scope) {
        return new ValidatedAnswer(pipeline.resolve(question, true, ResolutionObserver.NONE, dnssecOk, scope),
                false, Optional.empty());
    }

    private boolean underNegativeAnchor(Name name) {
        for (Name zone : negativeAnchors) {
            if (name.subdomain(zone)) {
                return true;
            }
        }
        return false;
    }

    /** The verdict of dnsjava's validator, or empty when resolution itself failed (nothing to judge). */
    private Optional<Verdict> validate(Question question) {
        Message query = Message.newQuery(question.toRecord());
        query.getHeader().setFlag(Flags.RD);
        query.addRecord(new OPTRecord(1232, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
        Message validated;
        try {
            validated = validator.sendAsync(query, Runnable::run).toCompletableFuture().join();
        } catch (CompletionException e) {
            LOG.log(Level.DEBUG, () -> "validating " + question + " failed", e);
            return Optional.empty();
        }
        Optional<ExtendedErrorCodeOption> error = extendedError(validated);
        int code = error.map(ExtendedErrorCodeOption::getErrorCode).orElse(-1);
        String text = error.map(ExtendedErrorCodeOption::getText).orElse(null);
        if (validated.getHeader().getFlag(Flags.AD)) {
            return Optional.of(Verdict.of(Security.SECURE, validated, code, text));
        }
        if (validated.getRcode() == Rcode.SERVFAIL) {
            // The validator turns a bogus answer into SERVFAIL with its reason; a SERVFAIL without one is the
            // iterator's own failure, already remembered by it (RFC 9520) and not a verdict on any data.
            if (error.isEmpty()) {
                return Optional.empty();
            }
            if (code == ExtendedErrorCodeOption.DNSSEC_BOGUS) {
                Optional<ExtendedErrorCodeOption> precise = diagnosis.refine(question);
                code = precise.map(ExtendedErrorCodeOption::getErrorCode).orElse(code);
                text = precise.map(ExtendedErrorCodeOption::getText).orElse(text);
            }
            return Optional.of(Verdict.of(Security.BOGUS, validated, code, text));
        }
        return Optional.of(Verdict.of(Security.INSECURE, validated, code, text));
    }

    private static Optional<ExtendedErrorCodeOption> extendedError(Message message) {
        OPTRecord opt = message.getOPT();
        if (opt == null) {
            return Optional.empty();
        }
        for (EDNSOption option : opt.getOptions()) {
            if (option instanceof ExtendedErrorCodeOption ede) {
                return Optional.of(ede);
            }
        }
        return Optional.empty();
    }

    private static ValidatedAnswer render(Question question, Verdict verdict, boolean dnssecOk,
            boolean authenticRequested, AnswerSource source) {
        Optional<ExtendedErrorCodeOption> error = verdict.extendedError() < 0 ? Optional.empty()
                : Optional.of(new ExtendedErrorCodeOption(verdict.extendedError(), verdict.extendedErrorText()));
        if (verdict.security() == Security.BOGUS) {
            return new ValidatedAnswer(Resolution.servFail(source), false, error);
        }
        Resolution resolution = new Resolution(verdict.rcode(), visible(verdict.answer(), question, dnssecOk),
                visible(verdict.authority(), question, dnssecOk), List.of(), source);
        boolean authenticated = verdict.security() == Security.SECURE && (dnssecOk || authenticRequested);
        return new ValidatedAnswer(resolution, authenticated, error);
    }

    /** Without DO, DNSSEC records appear only when asked for by type (RFC 4035 §3.2.1). */
    private static List<Record> visible(List<Record> records, Question question, boolean dnssecOk) {
        if (dnssecOk) {
            return records;
        }
        List<Record> shown = new ArrayList<>(records.size());
        for (Record record : records) {
            int type = record.getType();
            boolean dnssec = type == Type.RRSIG || type == Type.NSEC || type == Type.NSEC3;
            if (!dnssec || type == question.type()) {
                shown.add(record);
            }
        }
        return shown;
    }

    /**
     * A verdict from the cache, with how long its reply may be reused: as long as its shortest TTL, and with prefetch
     * not into the data's last tenth (the pipeline starts the prefetch when due, as its own cache hits do).
     */
    private AnswerSource cacheSource(Question question, Verdict verdict) {
        long ttl = Long.MAX_VALUE;
        for (List<Record> section : List.of(verdict.answer(), verdict.authority())) {
            for (Record record : section) {
                ttl = Math.min(ttl, record.getTTL());
            }
        }
        return ttl == Long.MAX_VALUE ? AnswerSource.UPSTREAM
                : new AnswerSource.Cache(pipeline.answeredFromCache(question, describe(question, verdict), ttl));
    }

    /** What a verdict holds, in the pipeline's words for a cache hit. */
    private static String describe(Question question, Verdict verdict) {
        if (verdict.rcode() == Rcode.NXDOMAIN) {
            return "NXDOMAIN";
        }
        boolean answered = verdict.answer().stream().anyMatch(record -> record.getType() == question.type());
        if (answered) {
            return "positive";
        }
        return verdict.answer().isEmpty() ? "NODATA" : "alias";
    }
}
