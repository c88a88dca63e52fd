package dev.jdns.resolver;

import java.util.List;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;

/**
 * The outcome of a client's question, ready to be copied into a reply: the rcode and the three sections. The answer
 * section holds the whole alias chain followed by the data; the rcode belongs to the last name (RFC 6604 §2).
 */
public record Resolution(int rcode, List<Record> answer, List<Record> authority, List<Record> additional) {

    public Resolution {
        answer = List.copyOf(answer);
        authority = List.copyOf(authority);
        additional = List.copyOf(additional);
    }

    public static Resolution servFail() {
        return new Resolution(Rcode.SERVFAIL, List.of(), List.of(), List.of());
    }
}
