package dev.jdns.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What dig (BIND 9) or kdig (Knot) printed for one query: the status, the header flags and the answer records.
 * Both print {@code ;; ->>HEADER<<- opcode: QUERY, status: NOERROR} (kdig with ';'), a flags line and an
 * {@code ;; ANSWER SECTION:} of presentation-format records ending at a blank line.
 */
record DigOutput(String status, Set<String> flags, List<Answer> answer, String text) {

    /** One answer line: owner (lower case), TTL, class, type and the rdata as printed. */
    record Answer(String owner, long ttl, String dclass, String type, String rdata) {}

    private static final Pattern STATUS = Pattern.compile("status: ([A-Z]+)");
    private static final Pattern FLAGS = Pattern.compile("(?i);; flags: ([a-z ]*);");
    private static final long TIMEOUT_SECONDS = 20;

    /** Runs the tool and parses what it printed; the tool must exit 0. */
    static DigOutput run(List<String> command) throws IOException, InterruptedException {
        String text = runTool(command);
        Matcher status = STATUS.matcher(text);
        Matcher flags = FLAGS.matcher(text);
        if (!status.find() || !flags.find()) {
            throw new AssertionError("no header in the output of " + command + ":\n" + text);
        }
        Set<String> flagSet = Arrays.stream(flags.group(1).trim().split("\\s+"))
                .map(flag -> flag.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        return new DigOutput(status.group(1), flagSet, answerSection(text), text);
    }

    /** Runs the tool and returns everything it printed; the tool must exit 0 within the timeout. */
    static String runTool(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish");
        }
        if (process.exitValue() != 0) {
            throw new AssertionError(command + " exited with " + process.exitValue() + ":\n" + text);
        }
        return text;
    }

    /** Presentation-format records: lines that are neither blank nor comments ({@code ;}). */
    static List<Answer> records(List<String> lines) {
        return lines.stream().filter(line -> !line.isBlank() && !line.startsWith(";"))
                .map(DigOutput::parseRecord).toList();
    }

    private static List<Answer> answerSection(String text) {
        List<String> lines = new ArrayList<>();
        boolean inAnswer = false;
        for (String line : text.lines().toList()) {
            if (line.startsWith(";; ANSWER SECTION:")) {
                inAnswer = true;
            } else if (inAnswer && (line.isBlank() || line.startsWith(";;"))) {
                break;
            } else if (inAnswer) {
                lines.add(line);
            }
        }
        return records(lines);
    }

    private static Answer parseRecord(String line) {
        String[] fields = line.trim().split("\\s+", 5);
        if (fields.length < 5) {
            throw new AssertionError("not a record line: " + line);
        }
        return new Answer(fields[0].toLowerCase(Locale.ROOT), Long.parseLong(fields[1]), fields[2], fields[3],
                fields[4]);
    }

    List<String> answerTypes() {
        return answer.stream().map(Answer::type).toList();
    }

    List<String> answerRdata(String type) {
        return answer.stream().filter(a -> a.type().equals(type)).map(Answer::rdata).sorted().toList();
    }
}
