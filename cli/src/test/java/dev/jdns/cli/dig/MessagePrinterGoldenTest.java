package dev.jdns.cli.dig;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdns.transport.Protocol;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSIDOption;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Golden output: fixed messages must print exactly as dig 9.18 prints them (layouts checked against dig by hand;
 * tabs written as \t). Column rules come from BIND's indent(): tabs to columns 24/32/40/48, one space past them.
 */
class MessagePrinterGoldenTest {

    private static final ZonedDateTime WHEN = ZonedDateTime.of(2026, 11, 2, 6, 33, 46, 0, ZoneId.of("UTC"));

    @Test
    void aFullReplyPrintsEverySectionInDigsLayout() throws Exception {
        Message reply = reply(Rcode.NOERROR, Flags.QR, Flags.AA, Flags.RD);
        add(reply, Section.ANSWER, "www.example.test. 300 IN A 203.0.113.1");
        add(reply, Section.ANSWER, "a-very-long-label-name-here-for-columns.example.test. 300 IN A 1.2.3.4");
        add(reply, Section.AUTHORITY, "example.test. 86400 IN NS ns1.example.test.");
        add(reply, Section.ADDITIONAL, "ns1.example.test. 2147483647 IN A 127.0.0.1");
        reply.addRecord(new OPTRecord(1232, 0, 0, ExtendedFlags.DO,
                List.of(new NSIDOption("jdns".getBytes(StandardCharsets.US_ASCII)))), Section.ADDITIONAL);

        assertEquals("""
                ;; Got answer:
                ;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 4242
                ;; flags: qr aa rd; QUERY: 1, ANSWER: 2, AUTHORITY: 1, ADDITIONAL: 2
                ;; WARNING: recursion requested but not available

                ;; OPT PSEUDOSECTION:
                ; EDNS: version: 0, flags: do; udp: 1232
                ; NSID: 6a 64 6e 73 ("jdns")
                ;; QUESTION SECTION:
                ;www.example.test.\t\tIN\tA

                ;; ANSWER SECTION:
                www.example.test.\t300\tIN\tA\t203.0.113.1
                a-very-long-label-name-here-for-columns.example.test. 300 IN A 1.2.3.4

                ;; AUTHORITY SECTION:
                example.test.\t\t86400\tIN\tNS\tns1.example.test.

                ;; ADDITIONAL SECTION:
                ns1.example.test.\t2147483647 IN\tA\t127.0.0.1

                ;; Query time: 3 msec
                ;; SERVER: 127.0.0.1#5353(127.0.0.1) (UDP)
                ;; WHEN: Mon Nov 02 06:33:46 UTC 2026
                ;; MSG SIZE  rcvd: 61

                """, print(reply, new DigOptions(), true));
    }

    @Test
    void emptySectionsAreLeftOutAndNxdomainKeepsItsAuthority() throws Exception {
        Message reply = reply(Rcode.NXDOMAIN, Flags.QR, Flags.AA, Flags.RD, Flags.RA);
        add(reply, Section.AUTHORITY, "example.test. 60 IN SOA ns1.example.test. hostmaster.example.test. 1 3600 "
                + "600 86400 60");

        assertEquals("""
                ;; Got answer:
                ;; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN, id: 4242
                ;; flags: qr aa rd ra; QUERY: 1, ANSWER: 0, AUTHORITY: 1, ADDITIONAL: 0

                ;; QUESTION SECTION:
                ;www.example.test.\t\tIN\tA

                ;; AUTHORITY SECTION:
                example.test.\t\t60\tIN\tSOA\tns1.example.test. hostmaster.example.test. 1 3600 600 86400 60

                """, print(reply, new DigOptions(), false));
    }

    @Test
    void noCommentsDropsTheHeaderTheTitlesAndTheBlankLines() throws Exception {
        Message reply = reply(Rcode.NOERROR, Flags.QR);
        add(reply, Section.ANSWER, "txt.example.test. 300 IN TXT \"hello world\" second");
        add(reply, Section.ANSWER, "txt.example.test. 300 IN AAAA 2001:db8:0:0:1:0:0:1");
        DigOptions options = new DigOptions();
        options.comments = false;

        assertEquals("""
                ;www.example.test.\t\tIN\tA
                txt.example.test.\t300\tIN\tTXT\t"hello world" "second"
                txt.example.test.\t300\tIN\tAAAA\t2001:db8::1:0:0:1
                """, print(reply, options, false));
    }

    @Test
    void questionLinesCountColumnsWithoutTheirSemicolon() throws Exception {
        assertEquals(";abcdefghij.example.test.\tIN\tA", RecordLayout.question(
                Record.newRecord(org.xbill.DNS.Name.fromString("abcdefghij.example.test."), 1, 1)));
        assertEquals(";abcdefghijklmnopq.example.test.\tIN\tA", RecordLayout.question(
                Record.newRecord(org.xbill.DNS.Name.fromString("abcdefghijklmnopq.example.test."), 1, 1)));
        assertEquals("abcdefghij.example.test. 2147483647 IN\tA\t1.1.1.1",
                RecordLayout.record(Record.fromString(org.xbill.DNS.Name.fromString("abcdefghij.example.test."), 1,
                        1, 2147483647L, "1.1.1.1", org.xbill.DNS.Name.root)));
    }

    @Test
    void ipv6AddressesUseTheCanonicalForm() throws Exception {
        assertEquals("2001:db8::1", RdataText.ipv6(java.net.InetAddress.getByName("2001:db8:0:0:0:0:0:1")));
        assertEquals("2001:0:0:1::1", RdataText.ipv6(java.net.InetAddress.getByName("2001:0:0:1:0:0:0:1")));
        assertEquals("2001:db8:0:1:1:1:1:1", RdataText.ipv6(java.net.InetAddress.getByName("2001:db8:0:1:1:1:1:1")));
        assertEquals("::", RdataText.ipv6(java.net.InetAddress.getByName("::")));
        assertEquals("::1", RdataText.ipv6(java.net.InetAddress.getByName("::1")));
    }

    @Test
    void jsonFollowsRfc8427MemberNames() throws Exception {
        Message reply = reply(Rcode.NOERROR, Flags.QR, Flags.AA);
        add(reply, Section.ANSWER, "www.example.test. 300 IN A 203.0.113.1");

        String json = Json.write(MessageJson.of(reply, java.util.Map.of()));

        assertEquals(true, json.contains("\"RCODEName\": \"NOERROR\""), json);
        assertEquals(true, json.contains("\"QNAME\": \"www.example.test.\""), json);
        assertEquals(true, json.contains("\"rdataA\": \"203.0.113.1\""), json);
        assertEquals(true, json.contains("\"AA\": 1,\n  \"TC\": 0"), json);
    }

    private static Message reply(int rcode, int... flags) throws Exception {
        Message reply = new Message(4242);
        for (int flag : flags) {
            reply.getHeader().setFlag(flag);
        }
        reply.getHeader().setRcode(rcode);
        reply.addRecord(Record.newRecord(org.xbill.DNS.Name.fromString("www.example.test."), 1, 1),
                Section.QUESTION);
        return reply;
    }

    private static void add(Message message, int section, String text) throws Exception {
        String[] fields = text.split(" ", 5);
        message.addRecord(Record.fromString(org.xbill.DNS.Name.fromString(fields[0]),
                org.xbill.DNS.Type.value(fields[3]), org.xbill.DNS.DClass.value(fields[2]), Long.parseLong(fields[1]),
                fields[4], org.xbill.DNS.Name.root), section);
    }

    private static String print(Message reply, DigOptions options, boolean stats) {
        StringWriter text = new StringWriter();
        MessagePrinter printer = new MessagePrinter(options, new PrintWriter(text));
        printer.message(reply);
        if (stats) {
            printer.stats(Duration.ofMillis(3), "127.0.0.1#5353(127.0.0.1)", Protocol.UDP, WHEN, 61);
        }
        return text.toString();
    }
}
