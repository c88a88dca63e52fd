package dev.jdns.authoritative;

import static dev.jdns.authoritative.DifferentialQueries.Transport.TCP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.authoritative.DifferentialQueries.Question;
import dev.jdns.transport.DnsServer;
import dev.jdns.transport.ServerOptions;
import dev.jdns.transport.testing.LoopbackClient;
import dev.jdns.transport.testing.LoopbackServers;
import dev.jdns.transport.testing.TestQueries;
import dev.jdns.transport.testing.peers.Nsd;
import dev.jdns.transport.testing.peers.PeerProcess;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Type;

/**
 * NSD 4 and jdns (AuthoritativeHandler behind DnsServer) serve the same zone files on 127.0.0.3 and 127.0.0.4;
 * every question of {@link DifferentialQueries} goes to both, and the replies must be the same {@link ReplyShape}
 * after the documented policy normalisations of {@link NsdPolicies}, and nothing else.
 */
class NsdDifferentialTest {

    private static final String NSD_HOST = "127.0.0.3";
    private static final String JDNS_HOST = "127.0.0.4";

    @TempDir
    Path dir;

    @Test
    void jdnsAnswersLikeNsdExceptForDocumentedPolicy() throws Exception {
        Map<String, Path> zoneFiles = DifferentialZones.write(dir.resolve("zones"));
        Path nsdDir = Files.createDirectories(dir.resolve("nsd"));
        List<Question> questions = DifferentialQueries.all();
        List<String> differences = new ArrayList<>();
        List<ReplyShape> jdnsReplies = new ArrayList<>();
        NsdPolicies policies;
        try (ZoneStoreServer jdns = ZoneStoreServer.start(List.copyOf(zoneFiles.values()), JDNS_HOST);
             PeerProcess nsd = Nsd.start(NSD_HOST, zoneFiles, nsdDir)) {
            policies = new NsdPolicies(Set.of(DifferentialZones.PARENT, DifferentialZones.CHILD),
                    (name, type) -> ReplyShape.of(ask(nsd.address(), query(new Question(name, type, TCP)),
                            new Question(name, type, TCP))));
            for (Question question : questions) {
                Message query = query(question);
                ReplyShape fromNsd = ReplyShape.of(ask(nsd.address(), query, question));
                ReplyShape fromJdns = ReplyShape.of(ask(jdns.address(), query, question));
                jdnsReplies.add(fromJdns);
                if (!fromNsd.equals(fromJdns) && !policies.explains(question, fromNsd, fromJdns)) {
                    differences.add(question + "\n    nsd:  " + fromNsd + "\n    jdns: " + fromJdns);
                }
            }
        }
        int identical = questions.size() - differences.size() - policies.explainedCount();
        String summary = "NSD differential: " + questions.size() + " queries, " + identical + " identical, "
                + policies.explainedCount() + " differ only by documented policy (" + policies.describe() + ")";
        System.out.println(summary);
        assertEquals(List.of(), differences, summary + "\n" + String.join("\n", differences));
        assertTrue(questions.size() >= 100, "the query list covers fewer than 100 queries");
        assertCoversEveryKindOfReply(jdnsReplies);
    }

    /** A guard against a zone or query list edited into blandness: every kind of reply must have been compared. */
    private static void assertCoversEveryKindOfReply(List<ReplyShape> replies) {
        Map<String, Predicate<ReplyShape>> kinds = new LinkedHashMap<>();
        kinds.put("answer", r -> r.aa() && r.rcode().equals("NOERROR") && !r.answer().isEmpty());
        kinds.put("NODATA", r -> r.aa() && r.rcode().equals("NOERROR") && r.answer().isEmpty());
        kinds.put("NXDOMAIN", r -> r.aa() && r.rcode().equals("NXDOMAIN"));
        kinds.put("referral", r -> !r.aa() && r.rcode().equals("NOERROR") && !r.authority().isEmpty());
        kinds.put("truncated", ReplyShape::tc);
        kinds.put("REFUSED", r -> r.rcode().equals("REFUSED"));
        kinds.forEach((kind, test) -> assertTrue(replies.stream().anyMatch(test), "no " + kind + " compared"));
    }

    static Message query(Question question) {
        Message query = TestQueries.query(question.name(), Type.value(question.type()));
        switch (question.transport()) {
            case UDP_EDNS -> TestQueries.withOpt(query, 1232, 0, false);
            case UDP_DO, TCP_DO -> TestQueries.withOpt(query, 1232, 0, true);
            case UDP_DO_512 -> TestQueries.withOpt(query, 512, 0, true);
            case UDP, TCP -> { }
        }
        return query;
    }

    static Message ask(InetSocketAddress server, Message query, Question question) {
        Optional<Message> reply = question.transport().tcp()
                ? LoopbackClient.tcp(server, query)
                : LoopbackClient.udp(server, query);
        return reply.orElseThrow(() -> new AssertionError("no reply from " + server + " to " + question));
    }

    /** jdns as `jdns serve` runs it: a ZoneStore behind the AuthoritativeHandler behind a DnsServer. */
    record ZoneStoreServer(DnsServer server) implements AutoCloseable {
        static ZoneStoreServer start(List<Path> files, String host) throws Exception {
            ZoneStore store = ZoneStore.load(files);
            AuthoritativeHandler handler = AuthoritativeHandler.serving(store).build();
            return new ZoneStoreServer(LoopbackServers.start(handler, ServerOptions.defaults(), host));
        }

        InetSocketAddress address() {
            return LoopbackServers.address(server);
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
