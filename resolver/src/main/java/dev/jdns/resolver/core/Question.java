package dev.jdns.resolver.core;

import java.util.Objects;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * One question the resolver works on: the client's, or a step of a CNAME chain, or an NS name's address. The name
 * keeps the case it was asked with; {@link #key()} is the case-insensitive identity (RFC 4343).
 */
public record Question(Name name, int type, int dclass) {

    public Question {
        Objects.requireNonNull(name, "name");
        if (!name.isAbsolute()) {
            throw new IllegalArgumentException("a question needs an absolute name: " + name);
        }
    }

    public static Question of(Record question) {
        return new Question(question.getName(), question.getType(), question.getDClass());
    }

    public static Question in(Name name, int type) {
        return new Question(name, type, DClass.IN);
    }

    /** The question section record to send upstream. */
    public Record toRecord() {
        return Record.newRecord(name, type, dclass);
    }

    /** Same question, lower-cased, for maps of questions (coalescing, loop detection). */
    public Question key() {
        return new Question(name.canonicalize(), type, dclass);
    }

    public Question withName(Name other) {
        return new Question(other, type, dclass);
    }

    @Override
    public String toString() {
        return name + " " + Type.string(type) + (dclass == DClass.IN ? "" : " " + DClass.string(dclass));
    }
}
