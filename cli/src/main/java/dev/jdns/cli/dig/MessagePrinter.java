package dev.jdns.cli.dig;

import dev.jdns.transport.Protocol;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * dig's text layout (BIND 9.18): banner, header and flags lines, OPT pseudosection, the four sections (each only
 * when it has records and is switched on), and the statistics block. {@code +nocomments} drops every
 * {@code ;;} commentary line and the blank lines between sections, as dig does.
 */
final class MessagePrinter {

    /** dig's flag order on the {@code ;; flags:} line. */
    private static final List<Integer> FLAG_ORDER = List.<Integer>of((int) Flags.QR, (int) Flags.AA, (int) Flags.TC,
            (int) Flags.RD, (int) Flags.RA, (int) Flags.AD, (int) Flags.CD);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss zzz yyyy",
            Locale.US);

    private final DigOptions options;
    private final PrintWriter out;

    MessagePrinter(DigOptions options, PrintWriter out) {
        this.options = options;
        this.out = out;
    }

    /**
     * {@code ; <<>> jdns dig VERSION <<>> ARGS} and the server count when +cmd; the global options line only
     * before the first query, as dig prints it once per run.
     */
    void banner(String version, String commandLine, boolean serverGiven, boolean first) {
        if (!options.cmd) {
            return;
        }
        out.println();
        out.println("; <<>> jdns dig " + version + " <<>> " + commandLine);
        if (serverGiven) {
            out.println("; (1 server found)");
        }
        if (first) {
            out.println(";; global options: +cmd");
        }
    }

    void message(Message reply) {
        if (options.comments) {
            header(reply);
        }
        OPTRecord opt = reply.getOPT();
        if (opt != null && options.comments) {
            out.println(";; OPT PSEUDOSECTION:");
            EdnsText.lines(opt).forEach(out::println);
        }
        section(reply, Section.QUESTION, "QUESTION", options.question);
        section(reply, Section.ANSWER, "ANSWER", options.answer);
        section(reply, Section.AUTHORITY, "AUTHORITY", options.authority);
        section(reply, Section.ADDITIONAL, "ADDITIONAL", options.additional);
    }

    private void header(Message reply) {
        Header header = reply.getHeader();
        out.println(";; Got answer:");
        out.println(";; ->>HEADER<<- opcode: " + Opcode.string(header.getOpcode()) + ", status: "
                + Rcode.string(reply.getRcode()) + ", id: " + header.getID());
        StringBuilder flags = new StringBuilder(";; flags:");
        for (int flag : FLAG_ORDER) {
            if (header.getFlag(flag)) {
                flags.append(' ').append(Flags.string(flag));
            }
        }
        out.println(flags + "; QUERY: " + header.getCount(Section.QUESTION) + ", ANSWER: "
                + header.getCount(Section.ANSWER) + ", AUTHORITY: " + header.getCount(Section.AUTHORITY)
                + ", ADDITIONAL: " + header.getCount(Section.ADDITIONAL));
        if (header.getFlag(Flags.RD) && !header.getFlag(Flags.RA)) {
            out.println(";; WARNING: recursion requested but not available");
        }
        out.println();
    }

    private void section(Message reply, int section, String title, boolean shown) {
        List<Record> records = reply.getSection(section).stream()
                .filter(record -> !(record instanceof OPTRecord)) // shown in the pseudosection instead
                .toList();
        if (!shown || records.isEmpty()) {
            return;
        }
        if (options.comments) {
            out.println(";; " + title + " SECTION:");
        }
        for (Record record : records) {
            out.println(section == Section.QUESTION ? RecordLayout.question(record) : RecordLayout.record(record));
        }
        if (options.comments) {
            out.println();
        }
    }

    /** The statistics block: query time, server (as the user named it), date, reply size. */
    void stats(Duration rtt, String server, Protocol transport, ZonedDateTime when, int replySize) {
        if (!options.stats) {
            return;
        }
        out.println(";; Query time: " + rtt.toMillis() + " msec");
        out.println(";; SERVER: " + server + " (" + transport + ")");
        out.println(";; WHEN: " + WHEN.format(when));
        out.println(";; MSG SIZE  rcvd: " + replySize);
        out.println();
    }
}
