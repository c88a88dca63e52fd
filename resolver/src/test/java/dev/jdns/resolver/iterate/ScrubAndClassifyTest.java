package dev.jdns.resolver.iterate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdns.resolver.core.Question;
import dev.jdns.resolver.core.ReplyKind;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The scrubber and the classifier on hand-made replies, one row per rule: what survives scrubbing, and what the
 * reply means. Replies are written as "section:record" lines separated by '|'.
 */
class ScrubAndClassifyTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', textBlock = """
            # case; zone; qname; qtype; rcode; aa; records; expected kind; kept records
            answer;                    example.; www.example.; A; 0; true; an:www.example. 60 A 192.0.2.1; ANSWER; www.example./A
            out-of-zone answer;        example.; www.example.; A; 0; true; an:www.example. 60 A 192.0.2.1|an:www.bank. 60 A 6.6.6.6; ANSWER; www.example./A
            unrelated in-zone answer;  example.; www.example.; A; 0; true; an:www.example. 60 A 192.0.2.1|an:ftp.example. 60 A 6.6.6.6; ANSWER; www.example./A
            cname chain in zone;       example.; a.example.; A; 0; true; an:a.example. 60 CNAME b.example.|an:b.example. 60 A 192.0.2.2; CNAME; a.example./CNAME b.example./A
            cname target out of zone;  example.; a.example.; A; 0; true; an:a.example. 60 CNAME b.other.|an:b.other. 60 A 6.6.6.6; CNAME; a.example./CNAME
            dname;                     example.; x.d.example.; A; 0; true; an:d.example. 60 DNAME other.|an:x.d.example. 60 CNAME x.other.; DNAME; d.example./DNAME x.d.example./CNAME
            dname, cname not its substitution; example.; x.d.example.; A; 0; true; an:d.example. 60 DNAME other.|an:x.d.example. 60 CNAME evil.example.; DNAME; d.example./DNAME
            dname out of bailiwick;    sub.example.; x.sub.example.; A; 0; true; an:example. 60 DNAME other.|an:x.sub.example. 60 CNAME y.sub.example.; CNAME; x.sub.example./CNAME
            dname above no chain name; example.; www.example.; A; 0; true; an:www.example. 60 A 192.0.2.1|an:x.example. 60 DNAME other.; ANSWER; www.example./A
            referral with glue;        example.; www.sub.example.; A; 0; false; au:sub.example. 60 NS ns.sub.example.|ad:ns.sub.example. 60 A 192.0.2.3; REFERRAL; sub.example./NS ns.sub.example./A
            out-of-zone glue dropped;  example.; www.sub.example.; A; 0; false; au:sub.example. 60 NS ns.else.|ad:ns.else. 60 A 6.6.6.6; REFERRAL; sub.example./NS
            glue for no NS dropped;    example.; www.sub.example.; A; 0; false; au:sub.example. 60 NS ns.sub.example.|ad:ftp.example. 60 A 6.6.6.6; REFERRAL; sub.example./NS
            sideways referral;         example.; www.sub.example.; A; 0; false; au:other.example. 60 NS ns.example.; LAME; 
            upward referral;           sub.example.; www.sub.example.; A; 0; false; au:example. 60 NS ns.example.; LAME; 
            referral to the zone;      example.; www.example.; A; 0; false; au:example. 60 NS ns.example.; LAME; example./NS
            nxdomain;                  example.; no.example.; A; 3; true; au:example. 60 SOA ns.example. h.example. 1 2 3 4 5; NXDOMAIN; example./SOA
            nodata;                    example.; www.example.; MX; 0; true; au:example. 60 SOA ns.example. h.example. 1 2 3 4 5; NODATA; example./SOA
            foreign soa dropped;       example.; www.example.; MX; 0; true; au:other. 60 SOA ns.other. h.other. 1 2 3 4 5; NODATA; 
            empty non-authoritative;   example.; www.example.; A; 0; false; ; LAME; 
            nxdomain without aa;       example.; no.example.; A; 3; false; au:example. 60 SOA ns.example. h.example. 1 2 3 4 5; LAME; example./SOA
            nodata without aa;         example.; www.example.; MX; 0; false; au:example. 60 SOA ns.example. h.example. 1 2 3 4 5; LAME; example./SOA
            nodata without aa, soa and ns; example.; www.example.; MX; 0; false; au:example. 60 SOA ns.example. h.example. 1 2 3 4 5|au:example. 60 NS ns.example.; LAME; example./SOA example./NS
            ns at the apex with aa;    example.; www.example.; MX; 0; true; au:example. 60 NS ns.example.; NODATA; example./NS
            ns at the apex, soa, aa;   example.; www.example.; MX; 0; true; au:example. 60 SOA ns.example. h.example. 1 2 3 4 5|au:example. 60 NS ns.example.; NODATA; example./SOA example./NS
            cname then nxdomain no aa; example.; a.example.; A; 3; false; an:a.example. 60 CNAME b.example.|au:example. 60 SOA ns.example. h.example. 1 2 3 4 5; CNAME; a.example./CNAME example./SOA
            chaos answer dropped;      example.; www.example.; A; 0; true; an:www.example. 60 A 192.0.2.1|an:www.example. 60 CH A 6.6.6.6|an:www.example. 60 CH TXT evil; ANSWER; www.example./A
            only a chaos answer;       example.; www.example.; A; 0; true; an:www.example. 60 CH A 6.6.6.6|au:example. 60 SOA ns.example. h.example. 1 2 3 4 5; NODATA; example./SOA
            hesiod cname dropped;      example.; a.example.; A; 0; true; an:a.example. 60 HS CNAME b.example.|an:b.example. 60 A 6.6.6.6; NODATA; 
            chaos glue dropped;        example.; www.sub.example.; A; 0; false; au:sub.example. 60 NS ns.sub.example.|ad:ns.sub.example. 60 CH A 6.6.6.6; REFERRAL; sub.example./NS
            chaos referral dropped;    example.; www.sub.example.; A; 0; false; au:sub.example. 60 CH NS ns.sub.example.; LAME; 
            chaos soa dropped;         example.; no.example.; A; 3; true; au:example. 60 CH SOA ns.example. h.example. 1 2 3 4 5; NXDOMAIN; 
            refused;                   example.; www.example.; A; 5; false; ; ERROR; 
            servfail;                  example.; www.example.; A; 2; false; ; ERROR; 
            """)
    void scrubsAndClassifies(String description, String zone, String qname, String qtype, int rcode, boolean aa,
            String records, String expectedKind, String kept) throws IOException {
        Message reply = reply(rcode, aa, records);
        Question question = Question.in(Name.fromString(qname), Type.value(qtype));

        ScrubbedReply scrubbed = new Scrubber().scrub(reply, question, Name.fromString(zone));

        assertEquals(ReplyKind.valueOf(expectedKind),
                new ReplyClassifier().classify(scrubbed, question, ServerRole.AUTHORITATIVE).kind());
        assertEquals(kept == null ? "" : kept, describe(scrubbed));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', textBlock = """
            # case; qname; qtype; rcode; expected kind from a zone's server; expected kind from a forwarder
            nxdomain without aa; no.example.; A; 3; LAME; NXDOMAIN
            nodata without aa;   www.example.; MX; 0; LAME; NODATA
            """)
    void onlyAForwarderIsBelievedOnANegativeAnswerWithoutAa(String description, String qname, String qtype, int rcode,
            String fromZoneServer, String fromForwarder) throws IOException {
        Message reply = reply(rcode, false, "au:example. 60 SOA ns.example. h.example. 1 2 3 4 5");
        Question question = Question.in(Name.fromString(qname), Type.value(qtype));
        ScrubbedReply scrubbed = new Scrubber().scrub(reply, question, Name.fromString("example."));

        assertEquals(ReplyKind.valueOf(fromZoneServer),
                new ReplyClassifier().classify(scrubbed, question, ServerRole.AUTHORITATIVE).kind());
        assertEquals(ReplyKind.valueOf(fromForwarder),
                new ReplyClassifier().classify(scrubbed, question, ServerRole.FORWARDER).kind());
    }

    private static Message reply(int rcode, boolean aa, String records) throws IOException {
        Message reply = new Message(1);
        reply.getHeader().setFlag(Flags.QR);
        reply.getHeader().setRcode(rcode);
        if (aa) {
            reply.getHeader().setFlag(Flags.AA);
        }
        if (records == null) {
            return reply;
        }
        for (String entry : records.split("\\|")) {
            String[] parts = entry.split(":", 2);
            int section = switch (parts[0]) {
                case "an" -> Section.ANSWER;
                case "au" -> Section.AUTHORITY;
                default -> Section.ADDITIONAL;
            };
            reply.addRecord(parse(parts[1]), section);
        }
        return reply;
    }

    /** "owner ttl [class] type rdata", class IN when left out. */
    private static Record parse(String text) throws IOException {
        String[] fields = text.trim().split("\\s+", 5);
        int dclass = DClass.value(fields[2]);
        if (dclass < 0) {
            fields = text.trim().split("\\s+", 4);
            dclass = DClass.IN;
        }
        int at = fields.length == 5 ? 3 : 2;
        return Record.fromString(Name.fromString(fields[0]), Type.value(fields[at]), dclass,
                Long.parseLong(fields[1]), fields[at + 1], Name.root);
    }

    private static String describe(ScrubbedReply scrubbed) {
        return java.util.stream.Stream.of(scrubbed.answer(), scrubbed.authority(), scrubbed.additional())
                .flatMap(List::stream)
                .map(ScrubAndClassifyTest::key)
                .reduce((a, b) -> a + " " + b)
                .orElse("");
    }

    private static String key(RRset rrset) {
        return rrset.getName() + "/" + Type.string(rrset.getType());
    }

}
