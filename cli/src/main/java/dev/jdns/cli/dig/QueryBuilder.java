package dev.jdns.cli.dig;

import dev.jdns.transport.client.DnsClient;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSIDOption;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Section;

/** Builds the query dig would send for a question and its options: RD, AD, CD, EDNS buffer size, DO, NSID. */
final class QueryBuilder {

    private final DnsClient client;

    QueryBuilder(DnsClient client) {
        this.client = client;
    }

    Message build(DigQuestion question, DigOptions options) {
        // The client's query brings the random ID (RFC 5452 §9.2); its OPT is replaced by one with dig's options.
        Message query = client.newQuery(question.toRecord(), options.recurse);
        query.removeAllRecords(Section.ADDITIONAL);
        if (options.adflag) {
            query.getHeader().setFlag(Flags.AD);
        }
        if (options.cdflag) {
            query.getHeader().setFlag(Flags.CD);
        }
        List<EDNSOption> ednsOptions = new ArrayList<>();
        if (options.nsid) {
            ednsOptions.add(new NSIDOption(new byte[0])); // RFC 5001 §2.1: the request carries an empty NSID
        }
        int flags = options.dnssec ? ExtendedFlags.DO : 0; // RFC 3225 §3
        query.addRecord(new OPTRecord(options.bufsize, 0, 0, flags, ednsOptions), Section.ADDITIONAL);
        return query;
    }
}
