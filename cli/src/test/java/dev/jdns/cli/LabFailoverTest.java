package dev.jdns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.authoritative.LoadedZone;
import dev.jdns.cli.control.ControlServer;
import dev.jdns.cli.control.LabControl;
import dev.jdns.cli.dig.DigRun;
import dev.jdns.cli.lab.Checkout;
import dev.jdns.cli.lab.LabFiles;
import dev.jdns.cli.lab.LabNetwork;
import dev.jdns.cli.lab.LabServer;
import dev.jdns.cli.lab.SimulatedServer;
import dev.jdns.cli.lab.Topology;
import dev.jdns.resolver.validate.TrustAnchors;
import dev.jdns.transport.Protocol;
import dev.jdns.transport.client.DnsClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The lab survives a server's loss (issue 14 item 6): every zone has a secondary fed by NOTIFY and IXFR from its
 * primary, servers are stopped and started through {@code jdns control}, the resolver moves to the other server,
 * and with both servers of a zone stopped past the TTL it answers stale (RFC 8767). Over real sockets on loopback;
 * the resolver's cache clock is moved, never waited for.
 */
class LabFailoverTest {

    private static final String WWW = "www.example.com.";
    private static final Duration WWW_TTL = Duration.ofSeconds(3600);
    /** A change travels: file stamp seen (1 s), settled (1 s), NOTIFY, IXFR. Generous for a loaded machine. */
    private static final Duration PROPAGATION_PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final MovableClock clock = new MovableClock();
    private final DnsClient client = new DnsClient(Duration.ofSeconds(10));

    private Topology zones() throws Exception {
        return Topology.load(Checkout.copyOfZones(Files.createDirectory(dir.resolve("zones"))));
    }

    private LabNetwork start(Topology topology) throws Exception {
        return LabNetwork.start(topology, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                TrustAnchors.none(), clock);
    }

    /** The lab's control socket, as `jdns lab --control PATH` serves it. */
    private ControlServer control(LabNetwork lab, Path socket) throws Exception {
        ServerRunner.StopRequest stop = new ServerRunner.StopRequest();
        return ControlServer.start(socket, LabControl.addTo(new ControlOption().labCommands(
                () -> ServerRunner.hostPort(lab.resolverAddress()), stop), lab, new DurationConverter()::convert));
    }

    @Test
    void everyZoneHasASecondaryThatServesWhatItsPrimaryServes() throws Exception {
        Topology topology = zones();
        try (LabNetwork lab = start(topology)) {
            for (LoadedZone zone : topology.zones()) {
                List<SimulatedServer> secondaries = topology.secondariesOf(zone);
                assertFalse(secondaries.isEmpty(), zone.origin() + " has no secondary");
                long primarySerial = soa(lab, topology.primaryOf(zone), zone.origin()).getSerial();
                for (SimulatedServer secondary : secondaries) {
                    assertEquals(primarySerial, soa(lab, secondary, zone.origin()).getSerial(),
                            secondary.displayName() + " for " + zone.origin());
                }
            }
        }
    }

    @Test
    void aZoneFileChangedWhileTheLabRunsReachesTheSecondary() throws Exception {
        Topology topology = zones();
        try (LabNetwork lab = start(topology); TransferLog transfers = TransferLog.attach()) {
            Path file = topology.directory().resolve("example.com.zone");
            String text = Files.readString(file);
            Files.writeString(file, text.replaceFirst("2025010101", "2025010102")
                    + "added                   IN A    172.30.53.99\n");
            Message reply = null;
            long deadline = System.nanoTime() + PROPAGATION_PATIENCE.toNanos();
            while (System.nanoTime() < deadline) {
                reply = ask(socketOf(lab, "ns2.example.com"), "added.example.com.", Type.A);
                if (reply.getRcode() == Rcode.NOERROR && !reply.getSection(Section.ANSWER).isEmpty()) {
                    break;
                }
                Thread.sleep(100);
            }
            assertEquals(List.of("172.30.53.99"), addresses(reply), String.valueOf(reply));
            assertEquals(2025010102L, soa(lab, lab.server("ns2.example.com").orElseThrow().server(),
                    Name.fromConstantString("example.com.")).getSerial());
            assertTrue(transfers.lines().stream().anyMatch(line -> line.contains(" by IXFR ")
                    && line.startsWith("example.com.: serial 2025010102 from")), "the change came by IXFR (RFC 1995): " + transfers.lines());
        }
    }

    /** What the secondaries log about their transfers, while attached. */
    private static final class TransferLog extends Handler implements AutoCloseable {
        private final Logger logger = Logger.getLogger("dev.jdns.authoritative.SecondaryZone");
        private final Level before = logger.getLevel();
        private final List<String> lines = new CopyOnWriteArrayList<>();

        static TransferLog attach() {
            TransferLog log = new TransferLog();
            log.logger.setLevel(Level.INFO);
            log.logger.addHandler(log);
            return log;
        }

        List<String> lines() {
            return List.copyOf(lines);
        }

        @Override
        public void publish(LogRecord record) {
            lines.add(new SimpleFormatter().formatMessage(record).replace(",", ""));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {
            logger.removeHandler(this);
            logger.setLevel(before);
        }
    }

    @Test
    void withThePrimaryStoppedTheResolverAnswersFromTheSecondaryAndExplainNamesIt() throws Exception {
        Topology topology = zones();
        Path socket = dir.resolve("lab.sock");
        try (LabNetwork lab = start(topology); ControlServer ignored = control(lab, socket);
                LabFiles files = LabFiles.write(topology, lab, dir.resolve("for-dig"))) {
            assertTrue(ControlClient.ok(socket, "stop", "ns1.example.com").contains("ns1.example.com: stopped"));
            assertTrue(Pattern.compile("(?m)^ns1\\.example\\.com\\s+172\\.30\\.53\\.40\\s+stopped")
                    .matcher(ControlClient.ok(socket, "servers")).find());

            Message reply = ask(lab.resolverAddress(), WWW, Type.A);
            assertEquals(Rcode.NOERROR, reply.getRcode());
            assertEquals(List.of("172.30.53.80"), addresses(reply));

            // No +time: the walk waits for each server as jdns resolver does, so ns1's silence leaves time for ns2.
            // Which of the two it asks first is its choice: walk again (bounded) until a walk met ns1 first.
            boolean metTheStoppedServer = false;
            for (int walk = 0; walk < 10 && !metTheStoppedServer; walk++) {
                DigRun explain = DigRun.of("+explain", "--upstream-map", files.upstreamMap().toString(),
                        "--root-hints", files.rootHints().toString(), "--hosts", files.hosts().toString(), WWW);
                assertEquals(0, explain.exit(), explain.err());
                assertTrue(Pattern.compile("upstream: asked ns2\\.example\\.com\\. \\(172\\.30\\.53\\.41#53, via "
                        + "[^)]*\\) for zone example\\.com\\.: ANSWER").matcher(explain.out()).find(), explain.out());
                assertFalse(Pattern.compile("asked ns1\\.example\\.com\\.[^\\n]*: ANSWER").matcher(explain.out())
                        .find(), explain.out());
                metTheStoppedServer = Pattern.compile("upstream: ns1\\.example\\.com\\. [^\\n]*timeout")
                        .matcher(explain.out()).find();
            }
            assertTrue(metTheStoppedServer, "ten walks never asked ns1 first");

            assertTrue(ControlClient.ok(socket, "start", "ns1.example.com").contains("ns1.example.com: answering"));
            assertEquals(Rcode.NOERROR, ask(socketOf(lab, "ns1.example.com"), WWW, Type.A).getRcode());
        }
    }

    @Test
    void withBothServersOfAZoneStoppedPastTheTtlTheAnswerComesStale() throws Exception {
        Topology topology = zones();
        Path socket = dir.resolve("lab.sock");
        try (LabNetwork lab = start(topology); ControlServer ignored = control(lab, socket)) {
            assertEquals(List.of(), codes(ask(lab.resolverAddress(), WWW, Type.A)));
            ControlClient.ok(socket, "stop", "ns1.example.com");
            ControlClient.ok(socket, "stop", "ns2.example.com.");
            clock.advance(WWW_TTL.plusSeconds(1));

            Message stale = ask(lab.resolverAddress(), WWW, Type.A);
            assertEquals(Rcode.NOERROR, stale.getRcode());
            assertEquals(List.of("172.30.53.80"), addresses(stale));
            assertEquals(30L, stale.getSection(Section.ANSWER).getFirst().getTTL(), "RFC 8767 §4: TTL 30");
            assertEquals(List.of(ExtendedErrorCodeOption.STALE_ANSWER), codes(stale));
        }
    }

    @Test
    void slowIsShownAndAnUnknownServerIsAOneLineError() throws Exception {
        Path socket = dir.resolve("lab.sock");
        try (LabNetwork lab = start(zones()); ControlServer ignored = control(lab, socket)) {
            assertTrue(ControlClient.ok(socket, "slow", "ns1.example.org", "300ms").contains("300 ms late"));
            assertTrue(Pattern.compile("(?m)^ns1\\.example\\.org\\s+\\S+\\s+running, slow 300ms")
                    .matcher(ControlClient.ok(socket, "servers")).find());
            assertEquals(Rcode.NOERROR, ask(socketOf(lab, "ns1.example.org"), "example.org.", Type.SOA).getRcode());

            ControlClient.Result unknown = ControlClient.run(socket, "stop", "ns9.example.org");
            assertNotEquals(0, unknown.exitCode());
            assertTrue(unknown.err().contains("no server ns9.example.org in the lab"), unknown.err());
            assertEquals(1, unknown.err().lines().count(), unknown.err());
            ControlClient.Result badDelay = ControlClient.run(socket, "slow", "ns1.example.org", "soon");
            assertNotEquals(0, badDelay.exitCode());
            assertTrue(lab.labServers().stream().allMatch(LabServer::running), "nothing stopped by mistake");
        }
    }

    private static InetSocketAddress socketOf(LabNetwork lab, String server) {
        return lab.server(server).orElseThrow().localSocket();
    }

    private SOARecord soa(LabNetwork lab, SimulatedServer server, Name origin) throws Exception {
        Message reply = ask(socketOf(lab, server.displayName()), origin.toString(), Type.SOA);
        assertEquals(Rcode.NOERROR, reply.getRcode(), server.displayName() + " " + origin + "\n" + reply);
        assertTrue(reply.getHeader().getFlag(Flags.AA), server.displayName() + " " + origin);
        return (SOARecord) reply.getSection(Section.ANSWER).getFirst();
    }

    private Message ask(InetSocketAddress server, String name, int type) throws Exception {
        Message query = client.newQuery(Record.newRecord(Name.fromConstantString(name), type, DClass.IN), true);
        return client.exchange(server, query, Protocol.UDP).message();
    }

    private static List<String> addresses(Message reply) {
        return reply.getSection(Section.ANSWER).stream().filter(r -> r instanceof ARecord)
                .map(r -> ((ARecord) r).getAddress().getHostAddress()).toList();
    }

    private static List<Integer> codes(Message reply) {
        OPTRecord opt = reply.getOPT();
        return opt == null ? List.of() : opt.getOptions(EDNSOption.Code.EDNS_EXTENDED_ERROR).stream()
                .map(option -> ((ExtendedErrorCodeOption) option).getErrorCode()).toList();
    }
}
