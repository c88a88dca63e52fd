package dev.jdns.authoritative;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdns.transport.Protocol;
import dev.jdns.transport.Query;
import dev.jdns.transport.Response;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Table-driven answer tests, in the spirit of CoreDNS's lookup tests. One row per question:
 * <pre>
 * qname QTYPE [+do] | RCODE [aa] | answer records | authority records | additional records
 * </pre>
 * {@code +do} sends the question with EDNS and the DO bit (DNSSEC records wanted).
 * Records are {@code owner TYPE rdata}, separated by {@code ;}; an SOA is written {@code owner SOA} (its TTL
 * is checked in {@link NegativeAnswerTest}). Each row is asked of a fresh {@link AuthoritativeHandler} (so no
 * rotation carried over between rows): the REFUSED, NOTIMP and answer rows test the handler itself.
 */
final class AnswerTable {

    private AnswerTable() {}

    static Stream<DynamicTest> rows(ZoneCatalog catalog, String table) {
        return table.lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(line -> DynamicTest.dynamicTest(line.split("\\|")[0].strip(), () -> checkRow(catalog, line)));
    }

    static Stream<DynamicTest> rows(LoadedZone zone, String table) {
        return rows(ZoneCatalog.of(List.of(zone)), table);
    }

    /** Asks the query handler, over the catalog: REFUSED when no zone matches. */
    static Message ask(ZoneCatalog catalog, String qname, String qtype) throws TextParseException {
        return ask(catalog, qname, qtype, false);
    }

    static Message ask(ZoneCatalog catalog, String qname, String qtype, boolean dnssecOk) throws TextParseException {
        Message query = query(qname, qtype);
        if (dnssecOk) {
            query.addRecord(new OPTRecord(1232, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
        }
        // A handler of its own per question, so RRsets are in zone order (no rotation carried over from a row).
        AuthoritativeHandler handler = AuthoritativeHandler.serving(() -> catalog).build();
        Response response = handler.handle(new Query(query, CLIENT, Protocol.UDP));
        return ((Response.Single) response).message();
    }

    private static final InetSocketAddress CLIENT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 5300);

    static Message query(String qname, String qtype) throws TextParseException {
        int type = Type.value(qtype);
        if (type < 0) {
            throw new IllegalArgumentException("unknown type " + qtype);
        }
        return Message.newQuery(Record.newRecord(Name.fromString(qname), type, DClass.IN));
    }

    /** The compact form used in tables. */
    static String compact(Record record) {
        String head = record.getName() + " " + Type.string(record.getType());
        return record.getType() == Type.SOA ? head : (head + " " + record.rdataToString()).replaceAll("\\s+", " ");
    }

    static List<String> section(Message message, int section) {
        return message.getSection(section).stream().map(AnswerTable::compact).toList();
    }

    static String header(Message message) {
        String rcode = Rcode.string(message.getRcode());
        return message.getHeader().getFlag(Flags.AA) ? rcode + " aa" : rcode;
    }

    private static void checkRow(ZoneCatalog catalog, String line) throws TextParseException {
        String[] columns = Arrays.copyOf(line.split("\\|", -1), 5);
        String[] question = columns[0].strip().split("\\s+");
        boolean dnssecOk = question.length > 2 && question[2].equals("+do");
        Message reply = ask(catalog, question[0], question[1], dnssecOk);
        String expected = render(columns[1].strip(), records(columns[2]), records(columns[3]), records(columns[4]));
        String actual = render(header(reply), section(reply, Section.ANSWER), section(reply, Section.AUTHORITY),
                section(reply, Section.ADDITIONAL));
        assertEquals(expected, actual, line);
    }

    private static List<String> records(String column) {
        List<String> out = new ArrayList<>();
        if (column != null) {
            for (String record : column.split(";")) {
                if (!record.isBlank()) {
                    out.add(record.strip().replaceAll("\\s+", " "));
                }
            }
        }
        return out;
    }

    private static String render(String header, List<String> answer, List<String> authority, List<String> additional) {
        return header + "\n  answer:     " + answer + "\n  authority:  " + authority + "\n  additional: " + additional;
    }
}
