package dev.jdns.resolver.iterate;

import dev.jdns.resolver.core.ReplyKind;
import java.util.Objects;

/**
 * A scrubbed reply, what it means, and who sent it: the unit the recursor acts on.
 *
 * @param sender the kind of server that sent the reply, which decides whether its negative answers count
 */
public record ClassifiedReply(ReplyKind kind, ScrubbedReply reply, ServerRole sender) {

    public ClassifiedReply {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reply, "reply");
        Objects.requireNonNull(sender, "sender");
    }

    /** Whether a negative answer in the reply may be believed and cached (see {@link ServerRole}). */
    public boolean negativeVouchedFor() {
        return sender.vouchesForNegative(reply);
    }
}
