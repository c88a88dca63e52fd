package dev.jdns.authoritative.tsig;

import dev.jdns.transport.Query;
import dev.jdns.transport.Replies;
import dev.jdns.transport.Response;
import java.util.Optional;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;

/**
 * What a request's TSIG record (RFC 8945) says about it: unsigned, signed with a key we hold and verified, or
 * failed. A failed request is answered NOTAUTH with the TSIG error whatever it asked (§5.2), before any access
 * rule is looked at: a wrong signature must never be taken for no signature.
 */
public sealed interface TsigCheck {

    /** No TSIG record: access is decided by address alone. */
    record Unsigned() implements TsigCheck {}

    /** Most queries are unsigned: one instance for them all. */
    Unsigned UNSIGNED = new Unsigned();

    /** Verified with {@code key}; replies are signed with it. */
    record Verified(Name key, TSIG signer, TSIGRecord requestTsig) implements TsigCheck {
        /** {@code reply} signed as RFC 8945 §5.3 asks (every message of a stream chained to the previous). */
        public Response sign(Response reply) {
            return switch (reply) {
                case Response.Drop drop -> drop;
                case Response.TurnedAway turnedAway -> new Response.TurnedAway(sign(turnedAway.reply()),
                        turnedAway.reason());
                default -> new Response.Signed(reply, new TsigReplySigner(signer, requestTsig, Rcode.NOERROR));
            };
        }
    }

    /** BADKEY, BADSIG or BADTIME: {@code reply} is the whole answer. */
    record Failed(int error, Name key, Response reply) implements TsigCheck {
        public String errorName() {
            return TsigReplySigner.errorName(error);
        }
    }

    /** The signing key's name when the request was verified. */
    default Optional<Name> verifiedKey() {
        return this instanceof Verified verified ? Optional.of(verified.key()) : Optional.empty();
    }

    /** Checks {@code query}'s TSIG record, if any, against {@code keys}. */
    static TsigCheck of(Query query, TsigKeyring keys) {
        Message message = query.message();
        TSIGRecord tsig = message.getTSIG();
        if (tsig == null) {
            return UNSIGNED;
        }
        Optional<TSIG> signer = keys.signer(tsig.getName());
        // §5.2.1: a key we do not hold, or hold for another algorithm (dnsjava's verify reports that too).
        int error = signer.map(key -> key.verify(message, query.wire(), null)).orElse(Rcode.BADKEY);
        if (error == Rcode.NOERROR) {
            return new Verified(tsig.getName(), signer.get(), tsig);
        }
        // §5.2.3: BADTIME is signed, the client knowing the key; BADKEY and BADSIG are not.
        TSIG replySigner = error == Rcode.BADTIME ? signer.get() : null;
        Message notAuth = Replies.error(message, Rcode.NOTAUTH);
        Response reply = new Response.Signed(Response.of(notAuth), new TsigReplySigner(replySigner, tsig, error));
        return new Failed(error, tsig.getName(), reply);
    }
}
