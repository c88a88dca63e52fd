package dev.jdns.cli.dig;

import dev.jdns.cli.dig.trust.ChainReport;
import dev.jdns.resolver.Resolution;
import dev.jdns.resolver.core.Question;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;

/** Prints a recorded resolution as the lesson (+explain) or as JSON (+explain +json). */
final class ExplainPrinter {

    private final PrintWriter out;

    ExplainPrinter(PrintWriter out) {
        this.out = out;
    }

    void text(Question question, List<ExplainRecorder.Step> steps, Resolution resolution,
            Optional<ChainReport> chain, Duration total) {
        out.println(";; EXPLAIN: how the jdns resolver answers " + question);
        for (int i = 0; i < steps.size(); i++) {
            out.printf(";; %2d. %s%n", i + 1, steps.get(i).text());
        }
        out.println(";; Final answer: " + Rcode.string(resolution.rcode()) + ", " + resolution.answer().size()
                + " answer records");
        section("ANSWER", resolution.answer());
        section("AUTHORITY", resolution.authority());
        chain.ifPresent(report -> ChainPrinter.lines(report).forEach(line -> out.println(";; " + line)));
        out.println(";; Total time: " + total.toMillis() + " msec");
        out.println();
        out.flush();
    }

    void json(Question question, List<ExplainRecorder.Step> steps, Resolution resolution,
            Optional<ChainReport> chain, Duration total) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("question", question.toString());
        json.put("steps", steps.stream().map(ExplainRecorder.Step::json).toList());
        json.put("RCODE", resolution.rcode());
        json.put("RCODEName", Rcode.string(resolution.rcode()));
        json.put("answerRRs", MessageJson.records(resolution.answer()));
        json.put("authorityRRs", MessageJson.records(resolution.authority()));
        chain.ifPresent(report -> json.put("dnssec", ChainPrinter.json(report)));
        json.put("totalMs", total.toMillis());
        out.println(Json.write(json));
        out.flush();
    }

    private void section(String title, List<Record> records) {
        if (records.isEmpty()) {
            return;
        }
        out.println(";; " + title + " SECTION:");
        records.forEach(record -> out.println(RecordLayout.record(record)));
    }
}
