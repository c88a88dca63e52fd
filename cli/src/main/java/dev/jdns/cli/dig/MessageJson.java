package dev.jdns.cli.dig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A reply as RFC 8427 JSON for scripts: header fields by their RFC 8427 §2.1 member names, the question as
 * QNAME/QTYPE/QCLASS, and the sections as {@code answerRRs}, {@code authorityRRs}, {@code additionalRRs} of RR
 * objects whose data is {@code rdata<TYPE>} in presentation format (§2.3). The OPT record is left out of
 * {@code additionalRRs} and summarised as {@code EDNS} (an extension: RFC 8427 has no member for it).
 */
final class MessageJson {

    private MessageJson() {
    }

    /** The reply plus the exchange's metadata ({@code queryTimeMs}, {@code server}, {@code msgSize}). */
    static Map<String, Object> of(Message reply, Map<String, Object> metadata) {
        Map<String, Object> json = new LinkedHashMap<>();
        Header header = reply.getHeader();
        json.put("ID", header.getID());
        json.put("QR", flag(header, Flags.QR));
        json.put("Opcode", header.getOpcode());
        json.put("OpcodeName", Opcode.string(header.getOpcode()));
        json.put("AA", flag(header, Flags.AA));
        json.put("TC", flag(header, Flags.TC));
        json.put("RD", flag(header, Flags.RD));
        json.put("RA", flag(header, Flags.RA));
        json.put("AD", flag(header, Flags.AD));
        json.put("CD", flag(header, Flags.CD));
        json.put("RCODE", reply.getRcode());
        json.put("RCODEName", Rcode.string(reply.getRcode()));
        json.put("QDCOUNT", header.getCount(Section.QUESTION));
        json.put("ANCOUNT", header.getCount(Section.ANSWER));
        json.put("NSCOUNT", header.getCount(Section.AUTHORITY));
        json.put("ARCOUNT", header.getCount(Section.ADDITIONAL));
        Record question = reply.getQuestion();
        if (question != null) {
            json.put("QNAME", question.getName().toString());
            json.put("QTYPE", question.getType());
            json.put("QTYPEname", Type.string(question.getType()));
            json.put("QCLASS", question.getDClass());
            json.put("QCLASSname", DClass.string(question.getDClass()));
        }
        json.put("answerRRs", records(reply.getSection(Section.ANSWER)));
        json.put("authorityRRs", records(reply.getSection(Section.AUTHORITY)));
        json.put("additionalRRs", records(reply.getSection(Section.ADDITIONAL)));
        OPTRecord opt = reply.getOPT();
        if (opt != null) {
            Map<String, Object> edns = new LinkedHashMap<>();
            edns.put("version", opt.getVersion());
            edns.put("udp", opt.getPayloadSize());
            edns.put("DO", (opt.getFlags() & ExtendedFlags.DO) != 0);
            json.put("EDNS", edns);
        }
        json.putAll(metadata);
        return json;
    }

    /** Records as RFC 8427 RR objects; OPT pseudo-records are skipped. */
    static List<Map<String, Object>> records(List<Record> records) {
        return records.stream().filter(record -> !(record instanceof OPTRecord)).map(MessageJson::record).toList();
    }

    static Map<String, Object> record(Record record) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("NAME", record.getName().toString());
        json.put("TYPE", record.getType());
        json.put("TYPEname", Type.string(record.getType()));
        json.put("CLASS", record.getDClass());
        json.put("CLASSname", DClass.string(record.getDClass()));
        json.put("TTL", record.getTTL());
        json.put("rdata" + Type.string(record.getType()), RdataText.of(record));
        return json;
    }

    private static int flag(Header header, int flag) {
        return header.getFlag(flag) ? 1 : 0;
    }
}
