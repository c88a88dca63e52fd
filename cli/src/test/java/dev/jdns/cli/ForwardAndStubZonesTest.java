package dev.jdns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.jdns.authoritative.AuthoritativeHandler;
import dev.jdns.authoritative.ZoneStore;
import dev.jdns.transport.DnsServer;
import dev.jdns.transport.QueryHandler;
import dev.jdns.transport.Replies;
import dev.jdns.transport.Response;
import dev.jdns.transport.client.DnsClient;
import dev.jdns.transport.testing.peers.PeerProcess;
import dev.jdns.transport.testing.peers.Unbound;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * {@code --forward} and {@code --stub} over real sockets on loopback. A root that does not delegate {@code corp.test.}
 * (a private zone, reached only through a stub), a child of that zone delegated from it, a public {@code pub.test.}
 * the root does delegate, a forwarder for {@code fwd.test.} that recurses (answers RD=1 queries without AA) and
 * lies about a name outside its zone, and a server that never answers.
 */
class ForwardAndStubZonesTest {

    private static final int ROOT = 2;
    private static final int CORP = 3;
    private static final int SUB = 4;
    private static final int FORWARDER = 5;
    private static final int SILENT = 6;
    private static final int PUB = 7;

    @TempDir
    Path dir;

    private String prefix;
    private int port;
    private final List<AutoCloseable> running = new ArrayList<>();
    private final AtomicInteger forwarderQueriesWithRd = new AtomicInteger();
    private final AtomicInteger forwarderQueries = new AtomicInteger();

    @BeforeEach
    void startServers() throws Exception {
        prefix = "127." + ThreadLocalRandom.current().nextInt(16, 250) + "." + ThreadLocalRandom.current().nextInt(1, 250);
        port = PeerProcess.freeAddress(prefix + "." + ROOT).getPort();
        serve(ROOT, ".", """
                $ORIGIN .
                @ 3600 SOA a.root. hostmaster.root. 1 3600 900 604800 300
                @ 3600 NS a.root.
                a.root. 3600 A %1$s.2
                pub.test. 3600 NS ns.pub.test.
                ns.pub.test. 3600 A %1$s.7
                """);
        serve(CORP, "corp.test.", """
                $ORIGIN corp.test.
                @ 300 SOA ns hostmaster 1 3600 900 604800 60
                @ 300 NS ns
                ns 300 A %1$s.3
                www 300 A 192.0.2.10
                mail 300 MX 10 www
                sub 300 NS ns.sub
                ns.sub 300 A %1$s.4
                """);
        serve(SUB, "sub.corp.test.", """
                $ORIGIN sub.corp.test.
                @ 300 SOA ns hostmaster 1 3600 900 604800 60
                @ 300 NS ns
                ns 300 A %1$s.4
                host 300 A 192.0.2.11
                """);
        serve(PUB, "pub.test.", """
                $ORIGIN pub.test.
                @ 300 SOA ns hostmaster 1 3600 900 604800 60
                @ 300 NS ns
                ns 300 A %1$s.7
                www 300 A 192.0.2.70
                """);
        DnsServer forwarder = new DnsServer(List.of(socket(FORWARDER)), recursingForwarder());
        running.add(forwarder);
        forwarder.start();
        running.add(new DatagramSocket(socket(SILENT))); // bound, never read: a forwarder that is down
    }

    @AfterEach
    void stopServers() throws Exception {
        for (AutoCloseable server : running.reversed()) {
            server.close();
        }
    }

    @Test
    void aStubZoneReachesAZoneTheRootDoesNotDelegateAndIteratesBelowIt() throws Exception {
        try (ResolverService plain = resolver();
                ResolverService stubbed = resolver("--stub", "corp.test=" + server(CORP))) {
            assertEquals(Rcode.NXDOMAIN, plain.ask("www.corp.test.", Type.A).getRcode(), "the root knows no corp.test");

            assertEquals(List.of("192.0.2.10"), addresses(stubbed.ask("www.corp.test.", Type.A)));
            assertEquals(List.of("192.0.2.11"), addresses(stubbed.ask("host.sub.corp.test.", Type.A)),
                    "a referral from the stub's server is followed");
            assertEquals(Rcode.NXDOMAIN, stubbed.ask("nope.corp.test.", Type.A).getRcode());
            assertEquals(List.of("192.0.2.70"), addresses(stubbed.ask("www.pub.test.", Type.A)),
                    "other names still iterate from the root");
        }
    }

    @Test
    void forwardedQuestionsGoWithRdToTheFirstForwarderThatAnswers() throws Exception {
        try (ResolverService resolver = resolver("--forward", "fwd.test=" + server(SILENT) + "," + server(FORWARDER))) {
            assertEquals(List.of("192.0.2.50"), addresses(resolver.ask("www.fwd.test.", Type.A)));
            assertTrue(forwarderQueries.get() >= 1);
            assertEquals(forwarderQueries.get(), forwarderQueriesWithRd.get(), "every forwarded query has RD=1");

            Message negative = resolver.ask("nx.fwd.test.", Type.A);
            assertEquals(Rcode.NXDOMAIN, negative.getRcode(), "a forwarder's NXDOMAIN is believed without AA");
            int before = forwarderQueries.get();
            assertEquals(Rcode.NXDOMAIN, resolver.ask("nx.fwd.test.", Type.A).getRcode());
            assertEquals(before, forwarderQueries.get(), "and cached");
        }
    }

    @Test
    void aForwarderIsBelievedOnlyForNamesInItsZone() throws Exception {
        try (ResolverService resolver = resolver("--forward", "fwd.test=" + server(FORWARDER))) {
            resolver.ask("www.fwd.test.", Type.A); // the forwarder's reply also claims www.pub.test. is 6.6.6.6
            assertEquals(List.of("192.0.2.70"), addresses(resolver.ask("www.pub.test.", Type.A)));
        }
    }

    @Test
    void withoutAnyForwarderAnsweringItIsServfailUnlessForwardFirst() throws Exception {
        try (ResolverService strict = resolver("--forward", "pub.test=" + server(SILENT));
                ResolverService first = resolver("--forward", "pub.test=" + server(SILENT), "--forward-first")) {
            assertEquals(Rcode.SERVFAIL, strict.ask("www.pub.test.", Type.A).getRcode());
            assertEquals(List.of("192.0.2.70"), addresses(first.ask("www.pub.test.", Type.A)));
        }
    }

    @Test
    void theLongestConfiguredZoneWins() throws Exception {
        try (ResolverService resolver = resolver("--forward", ".=" + server(SILENT),
                "--stub", "corp.test=" + server(CORP))) {
            assertEquals(List.of("192.0.2.10"), addresses(resolver.ask("www.corp.test.", Type.A)));
            assertEquals(Rcode.SERVFAIL, resolver.ask("www.pub.test.", Type.A).getRcode(), "everything else is forwarded");
        }
    }

    @Test
    void badValuesAreUsageErrors() {
        for (String bad : List.of("corp.test", "corp.test=", "=127.0.0.1", "corp.test=host.example",
                "corp.test=127.0.0.1@0", "corp.test=127.0.0.1@x")) {
            int exit = Main.commandLine().setErr(new java.io.PrintWriter(java.io.Writer.nullWriter()))
                    .execute("resolver", "--stub", bad, "--listen", prefix + ".1:0");
            assertEquals(Main.USAGE_ERROR, exit, bad);
        }
    }

    /** Unbound with the same stub zone gives the same answers for the stub's own names. */
    @Test
    void unboundWithTheSameStubZoneAgrees() throws Exception {
        Path rootHints = rootHints();
        InetSocketAddress unboundAddress = PeerProcess.freeAddress(prefix + ".9");
        Unbound.Setup setup = new Unbound.Setup(rootHints,
                Map.of(".", List.of(server(ROOT)), "corp.test.", List.of(server(CORP))), List.of(), List.of("test."));
        try (ResolverService jdns = resolver("--stub", "corp.test=" + server(CORP));
                PeerProcess unbound = Unbound.start(unboundAddress, setup, Files.createDirectories(dir.resolve("unbound")))) {
            DnsClient client = new DnsClient();
            for (String[] question : new String[][] {{"www.corp.test.", "A"}, {"nope.corp.test.", "A"},
                    {"www.corp.test.", "AAAA"}, {"mail.corp.test.", "MX"}}) {
                Record record = Record.newRecord(Name.fromString(question[0]), Type.value(question[1]), DClass.IN);
                Message theirs = client.exchange(unbound.address(), client.newQuery(record, true),
                        dev.jdns.transport.Protocol.UDP).message();
                Message ours = jdns.ask(question[0], Type.value(question[1]));
                assertEquals(AnswerSummary.of(theirs), AnswerSummary.of(ours), String.join(" ", question));
            }
        }
    }

    /**
     * Unbound with the same forward zone, its first forwarder down, gives the same answers: both fail over to the
     * forwarder that answers, believe its NXDOMAIN without AA, and keep the address it forges for a name outside
     * the forward zone out of the answer for that name (iterated from the root).
     */
    @Test
    void unboundWithTheSameForwardZoneAndAForwarderDownAgrees() throws Exception {
        InetSocketAddress unboundAddress = PeerProcess.freeAddress(prefix + ".9");
        // Unbound sends to delegated servers on port 53 only: pub.test. is reached through a stub with its server.
        Unbound.Setup setup = new Unbound.Setup(rootHints(),
                Map.of(".", List.of(server(ROOT)), "pub.test.", List.of(server(PUB))), List.of(),
                List.of("test."), List.of(), "forward-zone:\n  name: \"fwd.test.\"\n  forward-addr: " + server(SILENT)
                        + "\n  forward-addr: " + server(FORWARDER) + "\n");
        try (ResolverService jdns = resolver("--forward", "fwd.test=" + server(SILENT) + "," + server(FORWARDER));
                PeerProcess unbound = Unbound.start(unboundAddress, setup,
                        Files.createDirectories(dir.resolve("unbound-forward")))) {
            DnsClient client = new DnsClient(java.time.Duration.ofSeconds(5));
            for (String[] question : new String[][] {{"www.fwd.test.", "A"}, {"nx.fwd.test.", "A"},
                    {"other.fwd.test.", "A"}, {"www.pub.test.", "A"}}) {
                Record record = Record.newRecord(Name.fromString(question[0]), Type.value(question[1]), DClass.IN);
                Message theirs = askAsAStubDoes(client, unbound.address(), record);
                Message ours = jdns.ask(question[0], Type.value(question[1]));
                assertEquals(AnswerSummary.of(theirs), AnswerSummary.of(ours), String.join(" ", question));
            }
            assertEquals(List.of("192.0.2.70"), addresses(jdns.ask("www.pub.test.", Type.A)));
            assertEquals(Rcode.NXDOMAIN, jdns.ask("nx.fwd.test.", Type.A).getRcode());
        }
    }

    /**
     * Asks as a stub resolver does, three times at most (dig's default): after its first forwarder times out, Unbound
     * sometimes leaves the question it was working on unanswered (seen once in three runs, its reply from the
     * second forwarder received), and answers the stub's next try.
     */
    private static Message askAsAStubDoes(DnsClient client, InetSocketAddress server, Record question)
            throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return client.exchange(server, client.newQuery(question, true), dev.jdns.transport.Protocol.UDP)
                        .message();
            } catch (dev.jdns.transport.client.DnsTimeoutException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /**
     * A recursive server's behaviour, enough for the resolver's side: every name under fwd.test. exists except
     * nx.fwd.test. (NXDOMAIN with the SOA, as a recursive server forwards it), answers come without AA, and each
     * answer also carries a forged address for a name outside fwd.test.
     */
    private QueryHandler recursingForwarder() {
        return query -> {
            Message request = query.message();
            forwarderQueries.incrementAndGet();
            if (request.getHeader().getFlag(Flags.RD)) {
                forwarderQueriesWithRd.incrementAndGet();
            }
            Message reply = Replies.replyTo(request);
            reply.getHeader().setFlag(Flags.RA);
            Record question = request.getQuestion();
            Name name = question.getName();
            try {
                Name zone = Name.fromString("fwd.test.");
                if (name.equals(Name.fromString("nx.fwd.test."))) {
                    reply.getHeader().setRcode(Rcode.NXDOMAIN);
                    reply.addRecord(new SOARecord(zone, DClass.IN, 60, Name.fromString("ns.fwd.test."),
                            Name.fromString("hostmaster.fwd.test."), 1, 3600, 900, 604800, 60), Section.AUTHORITY);
                } else if (question.getType() == Type.A) {
                    reply.addRecord(new ARecord(name, DClass.IN, 300, java.net.InetAddress.getByName("192.0.2.50")),
                            Section.ANSWER);
                    reply.addRecord(new ARecord(Name.fromString("www.pub.test."), DClass.IN, 86400,
                            java.net.InetAddress.getByName("6.6.6.6")), Section.ANSWER);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return Response.of(reply);
        };
    }

    private ResolverService resolver(String... extraArgs) throws IOException {
        List<String> args = new ArrayList<>(List.of("--listen", prefix + ".1:0",
                "--root-hints", rootHints().toString(),
                "--hosts", Files.writeString(dir.resolve("hosts"), "").toString(),
                "--upstream-port", String.valueOf(port),
                "--upstream-timeout", ResolverService.UPSTREAM_TIMEOUT_MILLIS,
                "--log-level", "warning"));
        args.addAll(List.of(extraArgs));
        return ResolverService.start(args, Ticker.systemTicker());
    }

    private Path rootHints() throws IOException {
        return Files.writeString(dir.resolve("named.root"), ". 3600000 NS a.root.\na.root. 3600000 A " + prefix
                + "." + ROOT + "\n");
    }

    private void serve(int host, String origin, String text) throws Exception {
        Path zone = Files.writeString(dir.resolve(origin.equals(".") ? "root.zone" : origin + "zone"),
                text.formatted(prefix));
        DnsServer server = new DnsServer(List.of(socket(host)),
                AuthoritativeHandler.serving(ZoneStore.load(List.of(zone))).build());
        running.add(server);
        server.start();
    }

    private InetSocketAddress socket(int host) {
        return new InetSocketAddress(prefix + "." + host, port);
    }

    private String server(int host) {
        return prefix + "." + host + "@" + port;
    }

    private static List<String> addresses(Message reply) {
        return reply.getSection(Section.ANSWER).stream()
                .filter(ARecord.class::isInstance)
                .map(record -> ((ARecord) record).getAddress().getHostAddress())
                .toList();
    }
}
