package dev.jdns.resolver;

import java.util.List;
import java.util.Objects;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;

/**
 * The outcome of a client's question, ready to be copied into a reply: the rcode, the three sections, and where the answer came from. The answer
 * section holds the whole alias chain followed by the data; the rcode belongs to the last name (RFC 6604 §2).
 */
public record Resolution(int rcode, List<Record> answer, List<Record> authority, List<Record> additional,
        AnswerSource source) {

    public Resolution {
        answer = List.copyOf(answer);
        authority = List.copyOf(authority);
        additional = List.copyOf(additional);
        Objects.requireNonNull(source, "source");
    }

    public static Resolution servFail(AnswerSource source) {
        return new Resolution(Rcode.SERVFAIL, List.of(), List.of(), List.of(), source);
    }
}
