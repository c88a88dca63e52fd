package dev.jdns.cli.dig;

import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * One question to ask: dig sends one query per name on the command line or per batch-file line. Each has its own
 * options: the global ones, changed by any {@code +option} written after its name (dig's local options).
 */
record DigQuestion(Name name, int type, int dclass, DigOptions options) {

    Record toRecord() {
        return Record.newRecord(name, type, dclass);
    }
}
