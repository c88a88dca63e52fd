package dev.jdns.resolver.iterate;

import java.util.Objects;

/** A scrubbed reply and what it means: the unit the recursor acts on. */
public record ClassifiedReply(ReplyKind kind, ScrubbedReply reply) {

    public ClassifiedReply {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reply, "reply");
    }
}
