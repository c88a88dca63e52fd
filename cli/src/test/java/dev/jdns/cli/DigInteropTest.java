package dev.jdns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.testing.peers.PeerProcess;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Interop: BIND's dig and Knot's kdig, run as processes, against `jdns serve` over UDP and TCP. Their output is
 * parsed (status, flags, answer records) and checked; AXFR is fetched by both from an allowed address.
 */
class DigInteropTest {

    private static final int BIG_RRSET = 40;

    @TempDir
    static Path dir;

    private static RunningServe serve;

    @BeforeAll
    static void startServe() throws Exception {
        StringBuilder zone = new StringBuilder(ServeCommandTest.ZONE).append("""
                www   A     192.0.2.81
                alias CNAME www
                mx    MX    10 ns1
                txt   TXT   "hello world"
                """);
        IntStream.rangeClosed(1, BIG_RRSET).forEach(i -> zone.append("big A 10.0.0.").append(i).append('\n'));
        Path file = Files.writeString(dir.resolve("example.com.zone"), zone);
        serve = RunningServe.start("--listen", "127.0.0.1:0", "--allow-transfer", "127.0.0.0/8",
                "--version-string", "jdns interop", "--identity", "ns-test", file.toString());
    }

    @AfterAll
    static void stopServe() throws Exception {
        serve.close();
    }

    /** dig or kdig, over UDP or TCP, with the options both understand, and any extra ones. */
    private static List<String> command(String tool, String transport, String... query) {
        Path executable = PeerProcess.requireExecutable(tool);
        InetSocketAddress address = serve.address();
        List<String> command = new ArrayList<>(List.of(executable.toString(),
                "@" + address.getAddress().getHostAddress(), "-p", String.valueOf(address.getPort()), "+norec",
                "+time=5", tool.equals("dig") ? "+tries=1" : "+retry=0"));
        if (transport.equals("tcp")) {
            command.add("+tcp");
        }
        command.addAll(List.of(query));
        return command;
    }

    private static DigOutput ask(String tool, String transport, String... query) throws Exception {
        return DigOutput.run(command(tool, transport, query));
    }

    @ParameterizedTest
    @CsvSource({"dig, udp", "dig, tcp", "kdig, udp", "kdig, tcp"})
    void positiveAnswers(String tool, String transport) throws Exception {
        DigOutput www = ask(tool, transport, "www.example.com", "A");
        assertEquals("NOERROR", www.status(), www.text());
        assertTrue(www.flags().containsAll(Set.of("qr", "aa")), www.text());
        assertFalse(www.flags().contains("tc") || www.flags().contains("rd"), www.text());
        assertEquals(List.of("192.0.2.80", "192.0.2.81"), www.answerRdata("A"), www.text());
        assertEquals(3600, www.answer().getFirst().ttl());

        DigOutput mixedCase = ask(tool, transport, "WwW.ExAmPlE.cOm", "A");
        assertEquals(List.of("192.0.2.80", "192.0.2.81"), mixedCase.answerRdata("A"), mixedCase.text());

        DigOutput alias = ask(tool, transport, "alias.example.com", "A");
        assertEquals(List.of("CNAME", "A", "A"), alias.answerTypes(), alias.text());
        assertEquals(List.of("www.example.com."), alias.answerRdata("CNAME"));

        DigOutput txt = ask(tool, transport, "txt.example.com", "TXT");
        assertEquals(List.of("\"hello world\""), txt.answerRdata("TXT"), txt.text());
    }

    @ParameterizedTest
    @CsvSource({"dig, udp", "dig, tcp", "kdig, udp", "kdig, tcp"})
    void negativeAndRefusedAnswers(String tool, String transport) throws Exception {
        DigOutput nxdomain = ask(tool, transport, "nothing.example.com", "A");
        assertEquals("NXDOMAIN", nxdomain.status(), nxdomain.text());
        assertTrue(nxdomain.flags().contains("aa"), nxdomain.text());
        assertTrue(nxdomain.answer().isEmpty(), nxdomain.text());

        DigOutput nodata = ask(tool, transport, "www.example.com", "MX");
        assertEquals("NOERROR", nodata.status(), nodata.text());
        assertTrue(nodata.answer().isEmpty(), nodata.text());

        DigOutput refused = ask(tool, transport, "www.example.org", "A");
        assertEquals("REFUSED", refused.status(), refused.text());
        assertFalse(refused.flags().contains("aa"), refused.text());
    }

    @ParameterizedTest
    @CsvSource({"dig, udp", "dig, tcp", "kdig, udp", "kdig, tcp"})
    void chaosIdentity(String tool, String transport) throws Exception {
        DigOutput version = ask(tool, transport, "version.bind", "TXT", "CH");
        assertEquals(List.of("\"jdns interop\""), version.answerRdata("TXT"), version.text());
        assertEquals("CH", version.answer().getFirst().dclass());
        DigOutput id = ask(tool, transport, "id.server", "TXT", "CH");
        assertEquals(List.of("\"ns-test\""), id.answerRdata("TXT"), id.text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dig", "kdig"})
    void largeAnswerTruncatedAt512AndRetriedOverTcp(String tool) throws Exception {
        DigOutput truncated = ask(tool, "udp", "+noedns", "+ignore", "big.example.com", "A");
        assertTrue(truncated.flags().contains("tc"), truncated.text());

        DigOutput retried = ask(tool, "udp", "+noedns", "big.example.com", "A");
        assertFalse(retried.flags().contains("tc"), retried.text());
        assertEquals(BIG_RRSET, retried.answerRdata("A").size(), retried.text());

        DigOutput withEdns = ask(tool, "udp", "big.example.com", "A");
        assertEquals(BIG_RRSET, withEdns.answerRdata("A").size(), "fits in 1232 octets: " + withEdns.text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dig", "kdig"})
    void zoneTransferToAnAllowedAddress(String tool) throws Exception {
        String text = DigOutput.runTool(command(tool, "tcp", "example.com", "AXFR"));
        List<DigOutput.Answer> records = DigOutput.records(text.lines().toList());
        // SOA, NS, ns1 A, two www A, CNAME, MX, TXT, the big RRset, SOA again.
        assertEquals(8 + BIG_RRSET + 1, records.size(), text);
        assertEquals("SOA", records.getFirst().type());
        assertEquals("SOA", records.getLast().type());
        assertEquals(1, records.stream().filter(r -> r.type().equals("CNAME")).count());
    }
}
