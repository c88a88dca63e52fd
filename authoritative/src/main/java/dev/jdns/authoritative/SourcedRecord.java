package dev.jdns.authoritative;

import java.util.Objects;
import org.xbill.DNS.Record;

/** A record as parsed from a zone file, with the place it was written, so load-time checks can point at it. */
record SourcedRecord(Record record, SourceLocation where) {

    SourcedRecord {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(where, "where");
    }
}
