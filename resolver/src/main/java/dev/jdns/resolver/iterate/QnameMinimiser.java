package dev.jdns.resolver.iterate;

import dev.jdns.resolver.core.Question;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * Which question to put to the servers of a zone cut under QNAME minimisation (RFC 9156): a server sees the name
 * only one label (or, deep down, a few labels) longer than the zone it serves, asked for type A (§2.1: NS as the
 * minimised type trips broken servers), and the original question only once the next name is the name itself.
 * One instance per iteration of one question; not thread-safe.
 *
 * <p>Bounded as §2.3 says: at most {@link #MAX_MINIMISE_COUNT} minimised queries for one question, the first
 * {@link #MINIMISE_ONE_LAB} adding one label each and the rest sharing out the labels left, so a name of 30 labels
 * under one zone does not cost 30 queries. The relaxed behaviour of Unbound (its default), for servers that answer
 * an empty non-terminal with NXDOMAIN or an error: {@link #stop()} and the full question is asked from then on.
 */
final class QnameMinimiser {

    /** RFC 9156 §2.3: minimised queries for one question at most. */
    static final int MAX_MINIMISE_COUNT = 10;
    /** RFC 9156 §2.3: the first minimised queries each add one label. */
    static final int MINIMISE_ONE_LAB = 4;

    private final Question question;
    private boolean stopped;
    private int sent;
    /** The name of the last minimised question, which a non-referral reply showed to exist without a cut. */
    private Name confirmed;

    QnameMinimiser(Question question) {
        this.question = question;
    }

    /** A minimiser that never minimises: the original question every time. */
    static QnameMinimiser off(Question question) {
        QnameMinimiser minimiser = new QnameMinimiser(question);
        minimiser.stopped = true;
        return minimiser;
    }

    /** The question to ask the servers of the zone cut {@code cut}, an ancestor of (or equal to) the name asked. */
    Question next(Name cut) {
        if (stopped || sent >= MAX_MINIMISE_COUNT) {
            return question;
        }
        Name known = confirmed != null && confirmed.subdomain(cut) ? confirmed : cut;
        int left = question.name().labels() - known.labels();
        int add = sent < MINIMISE_ONE_LAB ? 1 : Math.max(1, divideRoundingUp(left, MAX_MINIMISE_COUNT - sent));
        if (add >= left) {
            return question;
        }
        sent++;
        Name shorter = new Name(question.name(), left - add);
        return Question.in(shorter, Type.A);
    }

    /**
     * The server answered {@code asked} (a minimised question) without a referral: the name exists in the zone (or
     * is an empty non-terminal), so the next question goes one step further down at the same cut.
     */
    void existsWithoutCut(Question asked) {
        confirmed = asked.name();
    }

    /** No more minimising for this question (a server could not answer a shortened name usefully). */
    void stop() {
        stopped = true;
    }

    /** Whether {@code asked} is a shortened question rather than the original one. */
    boolean isMinimised(Question asked) {
        return !asked.equals(question);
    }

    private static int divideRoundingUp(int dividend, int divisor) {
        return (dividend + divisor - 1) / divisor;
    }
}
