package dev.jdns.transport;

import java.util.List;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.OPTRecord;

/** The EDNS(0) decisions of the front end: reply size limits and the OPT record we send back. */
final class Edns {

    /** Our UDP payload size: the DNS Flag Day 2020 value, small enough to avoid IP fragmentation. */
    static final int OUR_UDP_PAYLOAD = 1232;

    /** RFC 1035 §4.2.1: UDP messages are limited to 512 octets without EDNS. */
    static final int CLASSIC_UDP_LIMIT = 512;

    /** RFC 1035 §4.2.2: the TCP length prefix is two octets. */
    static final int TCP_LIMIT = 65535;

    /** The only EDNS version we speak (RFC 6891 §6.1.3). */
    static final int VERSION = 0;

    private Edns() {}

    /**
     * The largest reply we may send. Over UDP with EDNS the client's payload size is honoured up to ours;
     * values below 512 are treated as 512 (RFC 6891 §6.2.5).
     */
    static int replyLimit(OPTRecord queryOpt, Protocol protocol) {
        if (protocol == Protocol.TCP) {
            return TCP_LIMIT;
        }
        if (queryOpt == null) {
            return CLASSIC_UDP_LIMIT;
        }
        return Math.max(CLASSIC_UDP_LIMIT, Math.min(queryOpt.getPayloadSize(), OUR_UDP_PAYLOAD));
    }

    /**
     * Our OPT for a reply with the full (possibly extended) {@code rcode}: version 0, our payload size, the
     * upper 8 bits of the rcode (RFC 6891 §6.1.3) and the DO bit copied from the query (RFC 3225 §3).
     */
    static OPTRecord responseOpt(OPTRecord queryOpt, int rcode, List<EDNSOption> options) {
        int flags = queryOpt.getFlags() & ExtendedFlags.DO;
        return new OPTRecord(OUR_UDP_PAYLOAD, rcode >>> 4, VERSION, flags, options);
    }
}
