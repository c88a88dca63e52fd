package dev.jdns.resolver;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;

/**
 * The outcome of a client's question, ready to be copied into a reply: the rcode, the three sections, where the
 * answer came from, and for a failure why (an Extended DNS Error, RFC 8914). The answer section holds the whole
 * alias chain followed by the data; the rcode belongs to the last name (RFC 6604 §2).
 *
 * @param error an Extended DNS Error: why the resolution failed, or that the answer is stale data (RFC 8767); or null
 */
public record Resolution(int rcode, List<Record> answer, List<Record> authority, List<Record> additional,
        AnswerSource source, ExtendedErrorCodeOption error) {

    public Resolution {
        answer = List.copyOf(answer);
        authority = List.copyOf(authority);
        additional = List.copyOf(additional);
        Objects.requireNonNull(source, "source");
    }

    public Resolution(int rcode, List<Record> answer, List<Record> authority, List<Record> additional,
            AnswerSource source) {
        this(rcode, answer, authority, additional, source, null);
    }

    public static Resolution servFail(AnswerSource source) {
        return new Resolution(Rcode.SERVFAIL, List.of(), List.of(), List.of(), source);
    }

    /** This resolution with {@code why} as its Extended DNS Error. */
    public Resolution withError(ExtendedErrorCodeOption why) {
        return new Resolution(rcode, answer, authority, additional, source, why);
    }

    /** Why the resolution failed, when it did and the reason is known; or that the answer is stale. */
    public Optional<ExtendedErrorCodeOption> extendedError() {
        return Optional.ofNullable(error);
    }
}
