package dev.jdns.resolver.iterate;

import dev.jdns.resolver.cache.FailureCache;
import dev.jdns.resolver.cache.FailureCache.Subject;
import dev.jdns.resolver.core.FailureKind;
import dev.jdns.resolver.core.ResolutionContext;
import dev.jdns.resolver.core.ResolutionEvent;
import dev.jdns.resolver.core.StepAnswer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

/**
 * How iteration uses the {@link FailureCache} (RFC 9520), each decision reported to the resolution's observer: a
 * server or zone cut whose failure is remembered is not asked again until its backoff ends; a failure is remembered
 * when it happens; a usable reply forgets it.
 */
final class FailureMemory {

    private final FailureCache failures;

    FailureMemory(FailureCache failures) {
        this.failures = failures;
    }

    /**
     * A SERVFAIL when a zone cut from {@code name} up to {@code startZone} (the cut iteration would start from) is
     * failing: every cut the walk could cross lies between the two, so a client question anywhere under a broken or
     * cyclic delegation costs no query, its parents' included (RFC 9520 §3.3).
     */
    Optional<StepAnswer> failingZone(Name name, int type, Name startZone, ResolutionContext context) {
        for (int stripped = 0; stripped < name.labels(); stripped++) {
            Name zone = stripped == 0 ? name : new Name(name, stripped);
            Optional<FailureCache.Backoff> backoff = failures.backoff(new Subject.Zone(zone, type));
            if (backoff.isPresent()) {
                Duration left = backoff.get().left();
                context.emit(new ResolutionEvent.FailureCacheHit(zone, null, null, left));
                return Optional.of(new StepAnswer.ServFail("zone " + zone + " failing: failure cached, "
                        + FailureCache.secondsRoundedUp(left) + " s left", FailureKind.CACHED_ERROR));
            }
            if (zone.equals(startZone)) {
                break;
            }
        }
        return Optional.empty();
    }

    /**
     * No server of {@code zone} gave a usable reply: the step fails, and the zone cut is remembered as failing
     * unless the failure may pass (a server that timed out but is not known to be unresponsive yet).
     */
    StepAnswer zoneFailed(Name zone, int type, boolean transientFailure, ResolutionContext context) {
        StepAnswer.ServFail failed = new StepAnswer.ServFail("no server of zone " + zone + " gave a usable reply",
                FailureKind.NO_REACHABLE_AUTHORITY);
        if (transientFailure) {
            return failed;
        }
        FailureCache.Backoff backoff = failures.recordFailure(new Subject.Zone(zone, type));
        if (backoff.recorded()) {
            context.emit(new ResolutionEvent.FailureRemembered(zone, null, null, "no usable reply from any server",
                    backoff.failures(), backoff.backoff()));
        }
        return failed;
    }

    /** Whether a running backoff after failed primings keeps the root from being primed now. */
    boolean primingBackedOff() {
        return failures.backoff(new Subject.RootPriming()).isPresent();
    }

    void primingFailed() {
        failures.recordFailure(new Subject.RootPriming());
    }

    void primingSucceeded() {
        failures.recordSuccess(new Subject.RootPriming());
    }

    void zoneAnswered(Name zone, int type) {
        failures.recordSuccess(new Subject.Zone(zone, type));
    }

    /**
     * Whether a running backoff keeps {@code server} from being asked about {@code zone} for a question of
     * {@code type} (reported when so).
     */
    boolean skipServer(Name zone, int type, Name serverName, InetSocketAddress server, ResolutionContext context) {
        Optional<FailureCache.Backoff> backoff = failures.backoff(new Subject.Server(server))
                .or(() -> failures.backoff(new Subject.ServerForZone(server, zone, type)));
        backoff.ifPresent(running -> context.emit(
                new ResolutionEvent.FailureCacheHit(zone, serverName, server, running.left())));
        return backoff.isPresent();
    }

    /**
     * The server did not answer at all: remembered for every zone it serves.
     *
     * @return whether the server is now known to be unresponsive (in a backoff)
     */
    boolean serverSilent(Name zone, Name serverName, InetSocketAddress server, ResolutionContext context) {
        FailureCache.Backoff backoff = failures.recordFailure(new Subject.Server(server));
        report(zone, serverName, server, "no answer", backoff, context);
        return !backoff.backoff().isZero();
    }

    /**
     * The server answered about {@code zone} without serving it. Lame, REFUSED and SERVFAIL say the zone is not
     * served there and are remembered for the zone; other error rcodes (FORMERR, NOTIMP) may be about the question
     * alone and only rank the server down.
     */
    void serverFailedZone(Name zone, int type, Name serverName, InetSocketAddress server,
            ReplyOutcome.TryNext useless, ResolutionContext context) {
        int rcode = useless.reply().rcode();
        if (useless.lame() || rcode == Rcode.REFUSED || rcode == Rcode.SERVFAIL) {
            String what = useless.lame() ? "lame" : Rcode.string(rcode);
            report(zone, serverName, server, what,
                    failures.recordFailure(new Subject.ServerForZone(server, zone, type)), context);
        }
    }

    void serverAnswered(Name zone, int type, InetSocketAddress server) {
        failures.recordSuccess(new Subject.Server(server));
        failures.recordSuccess(new Subject.ServerForZone(server, zone, type));
    }

    private static void report(Name zone, Name serverName, InetSocketAddress server, String what,
            FailureCache.Backoff backoff, ResolutionContext context) {
        if (backoff.recorded() && !backoff.backoff().isZero()) {
            context.emit(new ResolutionEvent.FailureRemembered(zone, serverName, server, what, backoff.failures(),
                    backoff.backoff()));
        }
    }
}
