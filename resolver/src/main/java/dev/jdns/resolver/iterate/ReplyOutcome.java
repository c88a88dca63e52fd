package dev.jdns.resolver.iterate;

import dev.jdns.resolver.core.ReplyKind;
import org.xbill.DNS.RRset;

/**
 * What a classified reply tells the recursor to do, one type per action so that acting on it is an exhaustive
 * switch: the question is {@link Final settled} at this zone cut, a {@link Referral} leads below it, or the server
 * was of no use and the {@link TryNext next one} is asked. Each outcome carries what the classifier found (the
 * alias, the DNAME, the child's NS set), so the recursor does not look for it again. {@link #kind()} is the label a
 * trace shows.
 */
public sealed interface ReplyOutcome {

    /** The scrubbed reply this outcome was read from. */
    ScrubbedReply reply();

    /** The label of this outcome in traces and the explain output. */
    ReplyKind kind();

    /** A reply the recursor acts on: it settles the question or leads below the zone cut. */
    sealed interface Usable extends ReplyOutcome permits Final, Referral {}

    /** The question is settled by this reply: data, an alias to restart at, or a negative answer vouched for. */
    sealed interface Final extends Usable permits Answer, Alias, Dname, NxDomain, NoData {}

    /** The data asked for is in the answer section. */
    record Answer(ScrubbedReply reply) implements Final {
        @Override
        public ReplyKind kind() {
            return ReplyKind.ANSWER;
        }
    }

    /**
     * The name asked is an alias ({@code cname} at the query name).
     *
     * @param negativeVouchedFor whether a negative answer at the end of the chain may be cached ({@link ServerRole})
     */
    record Alias(ScrubbedReply reply, RRset cname, boolean negativeVouchedFor) implements Final {
        @Override
        public ReplyKind kind() {
            return ReplyKind.CNAME;
        }
    }

    /**
     * An ancestor of the name asked is redirected by {@code dname} (RFC 6672).
     *
     * @param negativeVouchedFor whether a negative answer at the end of the chain may be cached ({@link ServerRole})
     */
    record Dname(ScrubbedReply reply, RRset dname, boolean negativeVouchedFor) implements Final {
        @Override
        public ReplyKind kind() {
            return ReplyKind.DNAME;
        }
    }

    /** The name does not exist, said by a server that vouches for it. */
    record NxDomain(ScrubbedReply reply) implements Final {
        @Override
        public ReplyKind kind() {
            return ReplyKind.NXDOMAIN;
        }
    }

    /** The name exists without data of the type, said by a server that vouches for it. */
    record NoData(ScrubbedReply reply) implements Final {
        @Override
        public ReplyKind kind() {
            return ReplyKind.NODATA;
        }
    }

    /** The server delegates to {@code childNs}, the NS set of a zone below the one asked and toward the name. */
    record Referral(ScrubbedReply reply, RRset childNs) implements Usable {
        @Override
        public ReplyKind kind() {
            return ReplyKind.REFERRAL;
        }
    }

    /**
     * The server was of no use for the question: lame ({@code lame}: no answer and no downward referral, or a
     * negative answer it cannot vouch for) or an error rcode. The next server of the zone is asked.
     */
    record TryNext(ScrubbedReply reply, boolean lame) implements ReplyOutcome {
        @Override
        public ReplyKind kind() {
            return lame ? ReplyKind.LAME : ReplyKind.ERROR;
        }
    }
}
