package dev.jdns.transport.testing;

import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;

/** Builds queries for tests, with or without EDNS, so tests state only what matters to them. */
public final class TestQueries {

    private TestQueries() {}

    /** A plain query (RD set, no EDNS) for {@code name} (absolute or relative to the root) and {@code type}. */
    public static Message query(String name, int type) {
        return Message.newQuery(Record.newRecord(name(name), type, DClass.IN));
    }

    /** A query with an OPT record: the given UDP payload size, EDNS version 0, DO clear. */
    public static Message ednsQuery(String name, int type, int payloadSize) {
        return withOpt(query(name, type), payloadSize, 0, false);
    }

    /** Adds an OPT record with any payload, version and DO bit (version > 0 is for BADVERS tests). */
    public static Message withOpt(Message query, int payloadSize, int version, boolean dnssecOk) {
        int flags = dnssecOk ? ExtendedFlags.DO : 0;
        query.addRecord(new OPTRecord(payloadSize, 0, version, flags), Section.ADDITIONAL);
        return query;
    }

    /** Parses a name, taking it as absolute even without the trailing dot. */
    public static Name name(String name) {
        try {
            return Name.fromString(name, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException(name, e);
        }
    }
}
