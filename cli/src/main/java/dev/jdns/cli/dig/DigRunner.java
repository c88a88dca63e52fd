package dev.jdns.cli.dig;

import dev.jdns.transport.client.DnsClient;
import dev.jdns.transport.client.DnsReply;
import dev.jdns.cli.lab.LabRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Runs a parsed {@code jdns dig} command: every question of the command line, then every line of the batch file,
 * each in the mode its options choose (plain query, +short, +json, +trace, +explain). Returns dig's exit code.
 */
public final class DigRunner {

    /** dig's exit codes. */
    public static final int OK = 0;
    public static final int USAGE = 1;
    public static final int BATCH_UNREADABLE = 8;
    public static final int NO_REPLY = 9;
    public static final int INTERNAL_ERROR = 10;

    private final PrintWriter out;
    private final PrintWriter err;
    private final String version;
    private final Clock clock;
    private final QueryBuilder queries;
    private final StubExchange exchange;
    private final IterativeModes iterative;
    private DigRequest bannerShownFor;

    DigRunner(PrintWriter out, PrintWriter err, IterationConfig config, String version, Clock clock) {
        this.out = out;
        this.err = err;
        this.version = version;
        this.clock = clock;
        DnsClient client = new DnsClient();
        this.queries = new QueryBuilder(client);
        this.exchange = new StubExchange(client);
        this.iterative = new IterativeModes(new IterationSetup(config, exchange, queries, LabRegistry.forCurrentUser()),
                out, err, clock);
    }

    int run(DigRequest commandLine) {
        List<DigRequest> requests = new ArrayList<>(List.of(commandLine));
        if (commandLine.batchFile().isPresent()) {
            try {
                requests.addAll(batch(commandLine));
            } catch (IOException e) {
                err.println("jdns dig: couldn't open batch file " + commandLine.batchFile().get() + ": "
                        + e.getMessage());
                return BATCH_UNREADABLE;
            } catch (DigUsageException e) {
                return usage(e);
            }
        }
        int exit = OK;
        for (DigRequest request : requests) {
            for (DigQuestion question : request.questions()) {
                int code = ask(request, question);
                if (code == USAGE || code == INTERNAL_ERROR) {
                    return code;
                }
                exit = Math.max(exit, code);
            }
        }
        return exit;
    }

    /** Each non-blank line of the batch file is a dig command line of its own ('#' or ';' starts a comment). */
    private static List<DigRequest> batch(DigRequest commandLine) throws IOException, DigUsageException {
        List<DigRequest> lines = new ArrayList<>();
        for (String line : Files.readAllLines(commandLine.batchFile().get())) {
            String text = line.replaceAll("^\\s*[#;].*", "").strip();
            if (!text.isEmpty()) {
                lines.add(DigArgumentParser.parseBatchLine(Arrays.asList(text.split("\\s+")), commandLine));
            }
        }
        return lines;
    }

    private int ask(DigRequest request, DigQuestion question) {
        ServerChoice server;
        try {
            server = ServerChoice.of(request);
        } catch (UnknownHostException e) {
            err.println("jdns dig: couldn't get address for '" + request.server().orElse("") + "': not found");
            return INTERNAL_ERROR;
        }
        try {
            if (question.options().trace) {
                banner(request, question.options());
                iterative.trace(request, question, server);
            } else if (question.options().explain) {
                iterative.explain(request, question, server);
            } else {
                query(request, question, server);
            }
            return OK;
        } catch (StubExchange.NoReplyException e) {
            out.println(";; " + e.getMessage());
            out.flush();
            return NO_REPLY;
        } catch (IOException e) {
            err.println("jdns dig: " + e.getMessage());
            return USAGE;
        }
    }

    private void query(DigRequest request, DigQuestion question, ServerChoice server)
            throws StubExchange.NoReplyException {
        DigOptions options = question.options();
        Message query = queries.build(question, options);
        boolean text = !options.shortOutput && !options.json;
        if (text) {
            banner(request, options);
        }
        DnsReply reply = exchange.send(server.socket(), query, options, err);
        if (options.shortOutput) {
            reply.message().getSection(Section.ANSWER).stream().map(RdataText::of).forEach(out::println);
        } else if (options.json) {
            out.println(Json.write(MessageJson.of(reply.message(), metadata(reply, server))));
        } else {
            MessagePrinter printer = new MessagePrinter(options, out);
            printer.message(reply.message());
            printer.stats(reply.rtt(), server.describe(), reply.transport(), ZonedDateTime.now(clock),
                    reply.message().numBytes());
        }
        out.flush();
    }

    /** Once per command line or batch line, as dig. */
    private void banner(DigRequest request, DigOptions options) {
        if (bannerShownFor == request) {
            return;
        }
        new MessagePrinter(options, out).banner(version, request.commandLine(), request.server().isPresent(),
                bannerShownFor == null);
        bannerShownFor = request;
    }

    private Map<String, Object> metadata(DnsReply reply, ServerChoice server) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("queryTimeMs", reply.rtt().toMillis());
        metadata.put("server", server.describe());
        metadata.put("transport", reply.transport().name());
        metadata.put("msgSize", reply.message().numBytes());
        metadata.put("dateString", ZonedDateTime.now(clock).toOffsetDateTime().toString());
        return metadata;
    }

    private int usage(DigUsageException e) {
        err.println("jdns dig: " + e.getMessage() + " (try 'jdns dig --help')");
        return USAGE;
    }
}
